import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { WesleyIR } from "../../generator/ir/types.js";
import { contentHash } from "../../generator/output/content-hash.js";
import type { GeneratorPorts } from "../../generator/output/generator-ports.js";

/**
 * A stand-in for the loader and emitters, for unit tests of the pipeline and CLI only (the end-to-end tests use the
 * real ones). Schema patterns are plain file names. A schema containing the word BROKEN on some line yields an error
 * located there. Output: `schema.txt` (the schema text, so edits show up as stale files) and `nested/index.ts`.
 */
export function fakeGenerator(): GeneratorPorts & { loads: number } {
  const fake = {
    loads: 0,
    async resolveSchemaFiles(_cwd: string, patterns: readonly string[]) {
      return [...patterns].sort();
    },
    async loadProject(request: { cwd: string; schema: readonly string[] }) {
      fake.loads += 1;
      const files = [...request.schema].sort();
      const texts = await Promise.all(files.map((file) => readFile(resolve(request.cwd, file), "utf8")));
      const diagnostics = files.flatMap((file, index) => {
        const line = (texts[index] ?? "").split("\n").findIndex((text) => text.includes("BROKEN"));
        if (line === -1) return [];
        const location = { file, line: line + 1, column: 1 };
        return [{ code: "FAKE_BROKEN", severity: "error" as const, message: "broken schema", location }];
      });
      if (diagnostics.length > 0) return { ok: false as const, diagnostics };
      const ir = { version: "wesley-ir/v1", roots: {}, types: [], folds: [], registry: fakeRegistry } as WesleyIR;
      const schemaHash = contentHash(new TextEncoder().encode(texts.join("\u0000")));
      return { ok: true as const, ir, schemaHash, registryHash: "0".repeat(64), warnings: [], texts };
    },
    async emit(_target: string, _ir: WesleyIR, meta: { schemaHash: string }) {
      return [
        { path: "schema.txt", contents: `${meta.schemaHash}\n` },
        { path: "nested/index.ts", contents: `export const schemaHash = "${meta.schemaHash}";\n` },
      ];
    },
    async irToJSON(ir: WesleyIR) {
      return JSON.stringify(ir);
    },
  };
  return fake;
}

const fakeRegistry = { name: "fake", version: 1, nodes: [], edges: [], ops: [], retired: [] };
