import type { GraphQLSchema } from "graphql";
import type { SchemaVersion } from "../find-schema-changes.js";
import { createLocator } from "../locate/schema-locator.js";
import type { Locator } from "../locate/schema-locator.js";
import type { SchemaInputs } from "./schema-inputs.js";
import { loadPlainSchema } from "./plain-schema.js";

/** A located problem that stops the diff (exit 2): the schema does not load. */
export interface LoadProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type LoadedVersion =
  | { readonly ok: true; readonly version: SchemaVersion; readonly locate: Locator }
  | { readonly ok: false; readonly problems: readonly LoadProblem[]; readonly printed?: string };

/** Loads one side of the comparison, relative to `cwd` (a temp folder for `--base`). */
export async function loadSchemaVersion(cwd: string, inputs: SchemaInputs): Promise<LoadedVersion> {
  const plain = await loadPlainSchema(cwd, inputs.schema);
  if (!plain.ok) return { ok: false, problems: plain.problems };
  return {
    ok: true,
    version: { schema: plain.schema },
    locate: createLocator(plain.schema as GraphQLSchema, undefined, inputs.registry),
  };
}
