import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeGenerator } from "../../test/cli/fake-generator.js";
import { buildOutput } from "./build-output.js";
import type { BuildRequest } from "./build-output.js";
import { contentHash } from "./content-hash.js";
import { parseManifest } from "./manifest.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "wesley-build-output-"));
  await writeFile(join(cwd, "a.graphql"), "type A { id: ID! }\n");
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    cwd,
    schema: ["a.graphql"],
    registryRequired: false,
    target: "jitos",
    out: "out",
    mode: "write",
    useStamp: false,
    ...overrides,
  };
}

/** Every file under `dir` with its bytes, so a test can prove a folder was not touched at all. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      result[path.slice(dir.length + 1)] = await readFile(path, "utf8");
    }
  }
  return result;
}

describe("buildOutput", () => {
  it("writes the emitted files plus a manifest whose hashes match the bytes on disk", async () => {
    const outcome = await buildOutput(request(), fakeGenerator());
    expect(outcome).toMatchObject({ kind: "written", fileCount: 3 });
    const manifest = parseManifest(await readFile(join(cwd, "out/manifest.json"), "utf8"));
    expect(manifest?.files.map((entry) => entry.path)).toEqual(["nested/index.ts", "schema.txt"]);
    for (const entry of manifest?.files ?? []) {
      expect(contentHash(await readFile(join(cwd, "out", entry.path)))).toBe(entry.blake3);
    }
  });

  it("reports an identical rebuild as unchanged and leaves no temp folders behind", async () => {
    await buildOutput(request(), fakeGenerator());
    const before = await snapshot(join(cwd, "out"));
    expect((await buildOutput(request(), fakeGenerator())).kind).toBe("unchanged");
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
    expect((await readdir(cwd)).sort()).toEqual(["a.graphql", "out"]);
  });

  it("writes nothing when the schema is invalid: the previous output stays byte for byte", async () => {
    await buildOutput(request(), fakeGenerator());
    const before = await snapshot(join(cwd, "out"));
    await writeFile(join(cwd, "a.graphql"), "type A {\n  BROKEN\n}\n");
    const outcome = await buildOutput(request(), fakeGenerator());
    expect(outcome.kind).toBe("invalid");
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
  });

  it("refuses to replace a non-empty folder it did not write", async () => {
    await mkdir(join(cwd, "out"));
    await writeFile(join(cwd, "out/notes.md"), "mine\n");
    const outcome = await buildOutput(request(), fakeGenerator());
    expect(outcome.kind).toBe("refused");
    expect(await snapshot(join(cwd, "out"))).toEqual({ "notes.md": "mine\n" });
  });

  it("refuses to delete a hand-added file inside its own output folder, naming it", async () => {
    await buildOutput(request(), fakeGenerator());
    await writeFile(join(cwd, "out/handwritten.ts"), "export {};\n");
    const outcome = await buildOutput(request(), fakeGenerator());
    expect(outcome).toMatchObject({ kind: "refused" });
    expect(outcome.kind === "refused" && outcome.reason).toContain("out/handwritten.ts");
  });

  it("under check names missing, stale and extra files and writes nothing", async () => {
    await buildOutput(request(), fakeGenerator());
    await writeFile(join(cwd, "a.graphql"), "type A { id: ID! name: String }\n");
    await rm(join(cwd, "out/nested/index.ts"));
    await writeFile(join(cwd, "out/extra.ts"), "\n");
    const before = await snapshot(join(cwd, "out"));
    const outcome = await buildOutput(request({ mode: "check" }), fakeGenerator());
    expect(outcome).toMatchObject({
      kind: "checked",
      difference: { missing: ["nested/index.ts"], stale: ["manifest.json", "schema.txt"], extra: ["extra.ts"] },
    });
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
  });

  describe("build stamp", () => {
    beforeEach(async () => {
      await mkdir(join(cwd, "node_modules"));
    });

    it("answers an unchanged rebuild without loading the schema", async () => {
      await buildOutput(request({ useStamp: true }), fakeGenerator());
      const generator = fakeGenerator();
      const outcome = await buildOutput(request({ useStamp: true }), generator);
      expect(outcome).toMatchObject({ kind: "unchanged", fromStamp: true, fileCount: 3 });
      expect(generator.loads).toBe(0);
    });

    it("renders again when an input changed", async () => {
      await buildOutput(request({ useStamp: true }), fakeGenerator());
      await writeFile(join(cwd, "a.graphql"), "type A { id: ID! other: Int }\n");
      const generator = fakeGenerator();
      expect(await buildOutput(request({ useStamp: true }), generator)).toMatchObject({ kind: "written" });
      expect(generator.loads).toBe(1);
    });

    it("does not trust the stamp when an output file was edited by hand", async () => {
      await buildOutput(request({ useStamp: true }), fakeGenerator());
      await writeFile(join(cwd, "out/schema.txt"), "edited\n");
      const generator = fakeGenerator();
      expect(await buildOutput(request({ useStamp: true }), generator)).toMatchObject({
        kind: "written",
        fromStamp: false,
      });
      expect(generator.loads).toBe(1);
      expect(await readFile(join(cwd, "out/schema.txt"), "utf8")).not.toBe("edited\n");
    });
  });
});
