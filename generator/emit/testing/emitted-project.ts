/**
 * Test support: build a schema directory with the real loader and the emitters, write the files under
 * /work/main/.tmp (inside the repository, so `@sinclair/typebox` resolves from its node_modules), type-check them
 * with the TypeScript compiler API under the strictest settings generated code promises, and import them.
 */
import { mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { loadProject } from "../../load/index.js";
import type { WesleyIR } from "../../ir/types.js";
import { GENERATOR_VERSION } from "../../version.js";
import { emitJitos, type EmittedFile, type EmitMeta } from "../index.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const OUTPUT_ROOT = join(REPO_ROOT, ".tmp", "emit-tests");

export interface BuiltProject {
  readonly ir: WesleyIR;
  readonly meta: EmitMeta;
  readonly files: EmittedFile[];
}

/** Loads `schemaPaths` (+ `registryPath`, when it exists) with loadProject and emits; fails with the diagnostics. */
export async function buildProject(schemaPaths: readonly string[], registryPath?: string): Promise<BuiltProject> {
  const registry = registryPath !== undefined && existsSync(registryPath) ? registryPath : undefined;
  const loaded = await loadProject({
    cwd: REPO_ROOT,
    schema: schemaPaths,
    ...(registry === undefined ? {} : { registry }),
  });
  if (!loaded.ok) throw new Error(`schema did not load: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
  const meta = {
    schemaHash: loaded.schemaHash,
    registryHash: loaded.registryHash,
    generatorVersion: GENERATOR_VERSION,
  };
  return { ir: loaded.ir, meta, files: await emitJitos(loaded.ir, meta) };
}

/** Writes the files (and any extra ones) into a fresh directory named `name`; returns its absolute path. */
export function writeProject(name: string, files: readonly EmittedFile[], extra: readonly EmittedFile[] = []): string {
  const dir = join(OUTPUT_ROOT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of [...files, ...extra]) writeFileSync(join(dir, file.path), file.contents);
  return dir;
}

/** `tsc --strict --noEmit` with NodeNext ESM and verbatimModuleSyntax; returns the diagnostics as text. */
export function typeCheck(dir: string, fileNames: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram(
    fileNames.map((name) => join(dir, name)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file === undefined
        ? ""
        : `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `;
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  });
}

/** Imports an emitted module (vitest transpiles the TypeScript on the fly). */
export async function importEmitted<T>(dir: string, file: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, file)).href)) as T;
}
