import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";

/** What one side of `wesley diff <old> <new>` names: schema files/globs/folders and, optionally, its registry. */
export interface SchemaInputs {
  readonly schema: readonly string[];
  readonly registry?: string;
  /** The registry file must exist (false only for a conventional path that may be absent). */
  readonly registryRequired?: boolean;
}

/** The registry file looked for inside a schema folder given as one side. */
export const REGISTRY_FILE_NAME = "kinds.yaml";

/**
 * A side is a comma-separated list of schema files, globs or folders. A folder brings its own kinds.yaml when it
 * has one; `--old-registry` / `--new-registry` name one explicitly.
 */
export async function resolveSchemaInputs(
  cwd: string,
  side: string,
  registry: string | undefined,
): Promise<SchemaInputs> {
  const schema = side
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (registry !== undefined) return { schema, registry, registryRequired: true };
  for (const entry of schema) {
    if (await isDirectory(resolve(cwd, entry))) {
      const candidate = join(entry, REGISTRY_FILE_NAME);
      if (await isFile(resolve(cwd, candidate)))
        return { schema, registry: candidate.split("\\").join("/"), registryRequired: true };
    }
  }
  return { schema };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
