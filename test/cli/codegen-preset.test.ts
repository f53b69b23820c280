import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wesleyPreset } from "../../generator/codegen-plugin/index.js";
import type { WesleyPresetConfig } from "../../generator/codegen-plugin/index.js";
import { kernelSchemaProject, REPO_ROOT, runWesley } from "./wesley-process.js";

/** Each test runs real graphql-codegen and a real `wesley build` child process on the kernel-sized schema. */
const CODEGEN_TEST_TIMEOUT_MS = 120_000;
const BUILD = ["build", "--target", "jitos"] as const;
const LIBRARY = join(REPO_ROOT, "examples/library");

const projects: string[] = [];
afterAll(async () => {
  await Promise.all(projects.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temp copy of the kernel's schema/ (with its reducers and predicates) plus Wesley's directive definitions. */
async function kernelProject(): Promise<string> {
  const project = await kernelSchemaProject();
  projects.push(project);
  await cp(join(REPO_ROOT, "generator/directives/wesley.graphql"), join(project, "wesley.graphql"));
  return project;
}

/** A temp copy of examples/library (schema/ with its scaffolds, wesley.config.json), without its output. */
async function libraryProject(): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), "wesley-codegen-library-"));
  projects.push(project);
  await cp(join(LIBRARY, "schema"), join(project, "schema"), { recursive: true });
  await cp(join(LIBRARY, "wesley.config.json"), join(project, "wesley.config.json"));
  await cp(join(REPO_ROOT, "generator/directives/wesley.graphql"), join(project, "wesley.graphql"));
  return project;
}

/** Runs graphql-codegen with the Wesley preset on `<project>/schema/*.graphql`, writing `<project>/<out>/`. */
async function runPreset(project: string, out: string, presetConfig: WesleyPresetConfig): Promise<void> {
  await generate(
    {
      cwd: project,
      schema: [join(project, "schema/*.graphql"), join(project, "wesley.graphql")],
      generates: { [join(project, `${out}/`)]: { preset: wesleyPreset, presetConfig, plugins: [] } },
      silent: true,
    },
    true,
  );
}

async function wesleyBuild(project: string, args: readonly string[] = []): Promise<void> {
  const built = await runWesley([...BUILD, ...args], project);
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
}

/** Every file under `dir` (recursively), `/`-separated path to bytes (base64, so any byte difference shows). */
async function folderBytes(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    result[path.slice(dir.length + 1).split("\\").join("/")] = await readFile(path, "base64");
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function scaffoldBytes(project: string): Promise<Record<string, string>> {
  const all = await folderBytes(join(project, "schema"));
  return Object.fromEntries(Object.entries(all).filter(([path]) => path.startsWith("folds/") || path === "policy.ts"));
}

describe("graphql-codegen preset: same output folder as `wesley build --target jitos`", () => {
  it(
    "for the kernel's own schema (folds and ops): every file, bindings.ts and manifest.json included",
    async () => {
      const project = await kernelProject();
      // Both output folders sit next to schema/, so bindings.ts imports the reducers with the same relative paths.
      await wesleyBuild(project, ["--out", "built"]);
      await runPreset(project, "generated", { registry: join(project, "schema/kinds.yaml") });
      const viaCodegen = await folderBytes(join(project, "generated"));
      expect(Object.keys(viaCodegen)).toEqual(expect.arrayContaining(["bindings.ts", "manifest.json"]));
      expect(viaCodegen).toEqual(await folderBytes(join(project, "built")));
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );

  it(
    "for examples/library (built from its wesley.config.json)",
    async () => {
      const project = await libraryProject();
      await wesleyBuild(project);
      await runPreset(project, "via-codegen", { registry: join(project, "schema/kinds.yaml") });
      const viaCodegen = await folderBytes(join(project, "via-codegen"));
      expect(Object.keys(viaCodegen)).toEqual(expect.arrayContaining(["bindings.ts", "manifest.json"]));
      expect(viaCodegen).toEqual(await folderBytes(join(project, "generated")));
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );
});

describe("graphql-codegen preset: fold and policy scaffolds", () => {
  let fresh: string;
  let reference: string;
  let referenceScaffolds: Record<string, string>;

  beforeAll(async () => {
    // The library's scaffolds removed: what would a new project get from each tool?
    fresh = await libraryProject();
    reference = await libraryProject();
    for (const project of [fresh, reference]) {
      await rm(join(project, "schema/folds"), { recursive: true });
      await rm(join(project, "schema/policy.ts"));
    }
    await wesleyBuild(reference);
    referenceScaffolds = await scaffoldBytes(reference);
  }, CODEGEN_TEST_TIMEOUT_MS);

  it(
    "creates the missing ones exactly as `wesley build` does, then never overwrites them",
    async () => {
      expect(Object.keys(referenceScaffolds)).toContain("policy.ts");
      expect(Object.keys(referenceScaffolds).some((path) => path.startsWith("folds/"))).toBe(true);

      await runPreset(fresh, "generated", { registry: join(fresh, "schema/kinds.yaml") });
      expect(await scaffoldBytes(fresh)).toEqual(referenceScaffolds);
      expect(await folderBytes(join(fresh, "generated"))).toEqual(await folderBytes(join(reference, "generated")));

      // The user writes a reducer and deletes the policy file; the next run keeps the one and recreates the other.
      const [reducer] = Object.keys(referenceScaffolds).filter((path) => path.startsWith("folds/"));
      const userCode = "// my reducer, hand-written\nexport const reducer = {};\n";
      await writeFile(join(fresh, "schema", reducer!), userCode);
      await unlink(join(fresh, "schema/policy.ts"));
      await runPreset(fresh, "generated", { registry: join(fresh, "schema/kinds.yaml") });
      expect(await readFile(join(fresh, "schema", reducer!), "utf8")).toBe(userCode);
      expect(await scaffoldBytes(fresh)).toEqual({
        ...referenceScaffolds,
        [reducer!]: Buffer.from(userCode).toString("base64"),
      });
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );

  it(
    "honours presetConfig.scaffolds like the `scaffolds` config key, and bindings.ts follows it",
    async () => {
      const project = await libraryProject();
      await rm(join(project, "schema/folds"), { recursive: true });
      await rm(join(project, "schema/policy.ts"));
      const config = JSON.parse(await readFile(join(project, "wesley.config.json"), "utf8")) as object;
      await writeFile(join(project, "wesley.config.json"), JSON.stringify({ ...config, scaffolds: "src/domain" }));
      await wesleyBuild(project);
      // The scaffolds import the output folder, so both tools must write the same one: keep the build's, start over.
      const scaffolds = join(project, "src/domain");
      const builtScaffolds = await folderBytes(scaffolds);
      const builtOutput = await folderBytes(join(project, "generated"));
      await rm(scaffolds, { recursive: true });
      await rm(join(project, "generated"), { recursive: true });

      await runPreset(project, "generated", { registry: join(project, "schema/kinds.yaml"), scaffolds });
      expect(await folderBytes(scaffolds)).toEqual(builtScaffolds);
      expect(await folderBytes(join(project, "generated"))).toEqual(builtOutput);
      expect(await readFile(join(project, "generated/bindings.ts"), "utf8")).toContain("../src/domain/");
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );

  it(
    "fails with WESLEY_ORPHAN_FOLD naming a reducer whose fold left the schema, writing nothing",
    async () => {
      const project = await libraryProject();
      await writeFile(join(project, "schema/folds/gone.ts"), "export const reducer = {};\n");
      const run = runPreset(project, "generated", { registry: join(project, "schema/kinds.yaml") });
      await expect(run).rejects.toThrow(/WESLEY_ORPHAN_FOLD[\s\S]*folds\/gone\.ts/);
      await expect(readdir(join(project, "generated"))).rejects.toThrow(/ENOENT/);
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );
});

describe("graphql-codegen preset: errors", () => {
  it(
    "fails codegen with Wesley's located errors when the schema is invalid",
    async () => {
      const project = await kernelProject();
      const run = generate(
        {
          cwd: project,
          schema: [join(project, "schema/*.graphql"), join(project, "wesley.graphql")],
          generates: { [join(project, "bad/")]: { preset: wesleyPreset, presetConfig: {}, plugins: [] } },
          silent: true,
        },
        false,
      );
      // No registry given: every @node, @edge and @op lacks its id.
      await expect(run).rejects.toThrow(/WESLEY_REGISTRY_MISSING_ID/);
    },
    CODEGEN_TEST_TIMEOUT_MS,
  );
});
