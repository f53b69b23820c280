import { DiagnosticsError } from "../../diagnostics/index.js";
import type { Diagnostic } from "../../diagnostics/index.js";
import { resolveSchemaFiles } from "../../load/files.js";
import type { CLIENT_DIAGNOSTIC_CODES } from "./codes.js";

/**
 * Expands `--documents` patterns exactly as `--schema` patterns are expanded (a folder means its .graphql/.gql
 * files outside node_modules; anything else is a file or a glob), pattern by pattern so each unmatched one is named
 * with a message about documents. Using the schema expansion keeps the build stamp, which hashes the files found by
 * that same function, in agreement with what is loaded.
 */
export async function resolveDocumentFiles(cwd: string, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) {
    throw new DiagnosticsError([
      clientError(
        "WESLEY_CLIENT_NO_DOCUMENTS",
        "No operation documents were given.",
        "Pass --documents <files|globs|folders> with the queries, mutations and subscriptions the client should offer.",
      ),
    ]);
  }
  const found = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const pattern of patterns) {
    try {
      for (const file of await resolveSchemaFiles([pattern], cwd)) found.add(file);
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_DOCUMENT_PATTERN_UNMATCHED",
          `Document pattern "${pattern}" matched no file (relative to ${cwd}).`,
          "Check the path; a folder picks up its *.graphql and *.gql files, a glob like src/**/*.graphql picks what it matches.",
        ),
      );
    }
  }
  if (diagnostics.length > 0) throw new DiagnosticsError(diagnostics);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function clientError(
  code: keyof typeof CLIENT_DIAGNOSTIC_CODES,
  message: string,
  hint: string,
  location?: Diagnostic["location"],
): Diagnostic {
  return { code, severity: "error", message, hint, ...(location === undefined ? {} : { location }) };
}
