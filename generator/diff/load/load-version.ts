import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { DiagnosticsError, formatDiagnostics } from "../../diagnostics/index.js";
import { loadProject, resolveSchemaFiles } from "../../load/index.js";
import type { SchemaVersion } from "../find-schema-changes.js";
import { createLocator } from "../locate/schema-locator.js";
import type { Locator } from "../locate/schema-locator.js";
import type { SchemaInputs } from "./schema-inputs.js";

export type LoadedVersion =
  | { readonly ok: true; readonly version: SchemaVersion; readonly locate: Locator }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly cwd: string };

/**
 * Loads one side of the comparison, relative to `cwd` (a temp folder for `--base`), with the same loader and
 * validation as `wesley build`, so both commands accept and reject the same schemas with the same located errors.
 * The schema and registry hashes are skipped: a comparison never needs them.
 */
export async function loadSchemaVersion(cwd: string, inputs: SchemaInputs): Promise<LoadedVersion> {
  let files: string[];
  try {
    files = await resolveSchemaFiles(inputs.schema, cwd);
  } catch (error) {
    if (error instanceof DiagnosticsError) return { ok: false, diagnostics: error.diagnostics, cwd };
    throw error;
  }
  const loaded = await loadProject({
    cwd,
    schema: files,
    skipHashes: true,
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
