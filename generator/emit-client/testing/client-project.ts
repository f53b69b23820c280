/**
 * Test support: load a fixture schema with the real loader, load its operation documents, emit the client, and
 * write it under /work/main/.tmp (inside the repository, so imports of `ws`, graphql etc. resolve).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadProject } from "../../load/index.js";
import { GENERATOR_VERSION } from "../../version.js";
import { REPO_ROOT } from "../../emit/testing/emitted-project.js";
import { emitClient, loadOperations } from "../index.js";
import type { EmittedFile, OperationsOutcome } from "../index.js";

export { REPO_ROOT };
export const CLIENT_VECTORS = "test-vectors/client";

/** Loads the schema (it must be valid) and the documents; returns the documents' outcome. */
export async function loadFixture(schema: readonly string[], documents: readonly string[]): Promise<OperationsOutcome> {
  const loaded = await loadProject({ cwd: REPO_ROOT, schema });
  if (!loaded.ok) throw new Error(`fixture schema did not load: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  return loadOperations({ cwd: REPO_ROOT, documents }, loaded.ir);
}

/** Emits the client for a schema and documents; fails with the diagnostics when the documents are invalid. */
export async function buildClient(schema: readonly string[], documents: readonly string[]): Promise<EmittedFile[]> {
  const loaded = await loadProject({ cwd: REPO_ROOT, schema });
  if (!loaded.ok) throw new Error(`fixture schema did not load: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  const operations = await loadOperations({ cwd: REPO_ROOT, documents }, loaded.ir);
  if (!operations.ok) throw new Error(`documents did not load: ${JSON.stringify(operations.diagnostics, null, 2)}`);
  const meta = { schemaHash: loaded.schemaHash, generatorVersion: GENERATOR_VERSION };
  return emitClient(loaded.ir, operations.operations, meta);
}

export function writeClient(name: string, files: readonly EmittedFile[], extra: readonly EmittedFile[] = []): string {
  const dir = join(REPO_ROOT, ".tmp", "client-tests", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of [...files, ...extra]) writeFileSync(join(dir, file.path), file.contents);
  return dir;
}
