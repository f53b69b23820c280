import { stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import type { Diagnostic } from "../diagnostics/index.js";
import { DiagnosticsError, compareStrings, error } from "../diagnostics/index.js";

/** Extensions a directory pattern picks up. Explicit files and globs may name any extension. */
export const SCHEMA_FILE_GLOB = "**/*.{graphql,gql}";
/** Directory expansion skips dependencies; name a file inside node_modules explicitly to load it. */
const DIRECTORY_IGNORE = ["**/node_modules/**"];
/** A schema spread over more files than this is almost certainly a mistaken glob (e.g. `**` over a home dir). */
export const SCHEMA_FILES_MAX = 10_000;

/**
 * Expands schema patterns into files: a file is itself, a directory means every .graphql/.gql file under it
 * (outside node_modules), anything else is a glob relative to `cwd`. Returns sorted, de-duplicated paths relative
 * to `cwd` with `/` separators. Throws DiagnosticsError naming every pattern that matched nothing.
 */
export async function resolveSchemaFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  if (patterns.length === 0) {
    throw new DiagnosticsError([error("WESLEY_NO_SCHEMA_FILES", "No schema files were given.", undefined, "Pass --schema <files|globs|dir>, or put your SDL in schema/.")]);
  }
  const found = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const pattern of patterns) {
    const files = await expandPattern(pattern, cwd);
    if (files.length === 0) {
      diagnostics.push(
        error(
          "WESLEY_SCHEMA_PATTERN_UNMATCHED",
          `Schema pattern "${pattern}" matched no file (relative to ${cwd}).`,
          undefined,
          "Check the path; a directory picks up its *.graphql and *.gql files, a glob like schema/**/*.graphql picks what it matches.",
        ),
      );
    }
    for (const file of files) found.add(file);
  }
  if (diagnostics.length > 0) throw new DiagnosticsError(diagnostics);
  if (found.size > SCHEMA_FILES_MAX) {
    throw new DiagnosticsError([error("WESLEY_SCHEMA_PATTERN_UNMATCHED", `The schema patterns matched ${found.size} files, more than ${SCHEMA_FILES_MAX}.`, undefined, "Narrow the patterns to your schema folder.")]);
  }
  return [...found].sort(compareStrings);
}

async function expandPattern(pattern: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, pattern);
  const stats = await stat(absolute).catch(() => undefined);
  if (stats?.isFile()) return [toRelative(cwd, absolute)];
  if (stats?.isDirectory()) {
    const files = await glob(SCHEMA_FILE_GLOB, { cwd: absolute, ignore: DIRECTORY_IGNORE, absolute: true, dot: false });
    return files.map((f) => toRelative(cwd, f));
  }
  const files = await glob(pattern.split(path.sep).join("/"), { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
  return files.map((f) => toRelative(cwd, f));
}

function toRelative(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join("/");
}
