import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { DiagnosticsError, formatDiagnostics } from "../../diagnostics/index.js";
import { loadProject, resolveSchemaFiles } from "../../load/index.js";
import type { SchemaVersion } from "../find-schema-changes.js";
import { createLocator } from "../locate/schema-locator.js";
import type { Locator } from "../locate/schema-locator.js";
import type { SchemaInputs } from "./schema-inputs.js";
import { buildPlainSchema, parseSchemaFiles } from "./plain-schema.js";

export type LoadedVersion =
  | { readonly ok: true; readonly version: SchemaVersion; readonly locate: Locator }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly cwd: string };

/**
 * Loads one side of the comparison, relative to `cwd` (a temp folder for `--base`).
 *
 * A side with a registry or Wesley directives goes through the full loader (validation, IR); a plain GraphQL
 * schema is only built by graphql-js, because nothing IR-based applies to it and building and hashing the IR of a
 * schema as large as GitHub's costs seconds (ADR 0070).
 */
export async function loadSchemaVersion(cwd: string, inputs: SchemaInputs): Promise<LoadedVersion> {
  let files: string[];
  try {
    files = await resolveSchemaFiles(inputs.schema, cwd);
  } catch (error) {
    if (error instanceof DiagnosticsError) return { ok: false, diagnostics: error.diagnostics, cwd };
    throw error;
  }
  if (inputs.registry === undefined) {
    const parsed = await parseSchemaFiles(cwd, files);
    if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics, cwd };
    if (!parsed.usesWesleyDirectives) {
      const built = buildPlainSchema(parsed.documents);
      if ("diagnostics" in built) return { ok: false, diagnostics: built.diagnostics, cwd };
      return { ok: true, version: { schema: built.schema }, locate: createLocator(built.schema, undefined) };
    }
  }
  const loaded = await loadProject({
    cwd,
    schema: files,
    ...(inputs.registry === undefined
      ? {}
      : { registry: inputs.registry, registryRequired: inputs.registryRequired ?? true }),
  });
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics, cwd };
  return {
    ok: true,
    version: { schema: loaded.schema, ir: loaded.ir },
    locate: createLocator(loaded.schema, loaded.sources, inputs.registry),
  };
}

/** Located diagnostics with code frames, read from the side's own folder. */
export function printLoadFailure(failure: Extract<LoadedVersion, { ok: false }>, color: boolean): string {
  return formatDiagnostics(failure.diagnostics, (file) => readSource(failure.cwd, file), { color });
}

function readSource(cwd: string, file: string): string | undefined {
  try {
    return readFileSync(resolve(cwd, file), "utf8");
  } catch {
    return undefined;
  }
}
