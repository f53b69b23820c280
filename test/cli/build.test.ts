import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kernelSchemaProject, runWesley, snapshotFolder } from "./wesley-process.js";

let project: string;

beforeEach(async () => {
  project = await kernelSchemaProject();
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

const BUILD = ["build", "--target", "jitos"];

describe("wesley build (end to end)", () => {
  it("builds generated/ from the conventional paths, and an identical rebuild rewrites nothing", async () => {
    const first = await runWesley(BUILD, project);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote \d+ files to generated\/ in \d+ ms \(schema [0-9a-f]{8}\)\n$/);
    const manifest = JSON.parse(await readFile(join(project, "generated/manifest.json"), "utf8")) as {
      files: unknown[];
    };
    expect(manifest.files.length).toBeGreaterThan(0);

    const before = await snapshotFolder(join(project, "generated"));
    const second = await runWesley(BUILD, project);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^generated\/ is up to date \(\d+ files, nothing written\)/);
    expect(await snapshotFolder(join(project, "generated"))).toEqual(before);
  });

  it("writes byte-identical output whatever the order of --schema files", async () => {
    const files = ["schema/jitos.graphql", "schema/ops.graphql"];
    const registry = ["--registry", "schema/kinds.yaml", "--no-cache"];
    const forward = await runWesley([...BUILD, "--schema", ...files, ...registry, "--out", "a"], project);
    const reverse = await runWesley(
      [...BUILD, "--schema", ...[...files].reverse(), ...registry, "--out", "b"],
      project,
    );
    expect([forward.code, reverse.code]).toEqual([0, 0]);
    const bytesOf = async (dir: string) =>
      Object.fromEntries(
        Object.entries(await snapshotFolder(join(project, dir))).map(([path, file]) => [path, file.bytes]),
      );
    expect(await bytesOf("b")).toEqual(await bytesOf("a"));
  });

  it("--check exits 1 naming each differing file and writes nothing; exits 0 when up to date", async () => {
    expect((await runWesley(BUILD, project)).code).toBe(0);
    expect(await runWesley([...BUILD, "--check"], project)).toMatchObject({ code: 0 });

    await appendFile(join(project, "schema/jitos.graphql"), '\n"A note."\ntype Note { id: ID! text: String! }\n');
    await writeFile(join(project, "generated/stray.ts"), "export {};\n");
    await rm(join(project, "generated/index.ts"));
    const before = await snapshotFolder(join(project, "generated"));
    const check = await runWesley([...BUILD, "--check"], project);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("missing  generated/index.ts");
    expect(check.stderr).toContain("stale    generated/types.ts");
    expect(check.stderr).toContain("stale    generated/manifest.json");
    expect(check.stderr).toContain("extra    generated/stray.ts");
    expect(await snapshotFolder(join(project, "generated"))).toEqual(before);
  });

  const brokenInputs: Array<[string, string, string, (text: string) => string]> = [
    ["a syntax error", "schema/jitos.graphql", "WESLEY_SYNTAX_ERROR", (text) => `${text}\ntype Broken {\n`],
    ["an unknown type", "schema/jitos.graphql", "WESLEY_UNKNOWN_TYPE", (text) => `${text}\ntype Extra { x: Nope }\n`],
    [
      "a duplicate field",
      "schema/jitos.graphql",
      "WESLEY_DUPLICATE_FIELD",
      (text) => `${text}\nextend type Task { title: String! }\n`,
    ],
    [
      "a missing registry id",
      "schema/kinds.yaml",
      "WESLEY_REGISTRY_MISSING_ID",
      (text) => text.replace(/^ {2}Task: 1\n/m, ""),
    ],
    [
      "a reused registry id",
      "schema/kinds.yaml",
      "WESLEY_REGISTRY_DUPLICATE_ID",
      (text) => text.replace(/^ {2}Slap: 2$/m, "  Slap: 1"),
    ],
  ];

  it.each(brokenInputs)(
    "on %s: exits 1 with a located error and leaves generated/ untouched",
    async (_name, file, code, breakIt) => {
      expect((await runWesley(BUILD, project)).code).toBe(0);
      const before = await snapshotFolder(join(project, "generated"));
      const path = join(project, file);
      const original = await readFile(path, "utf8");
      const broken = breakIt(original);
      expect(broken).not.toBe(original);
      await writeFile(path, broken);

      const result = await runWesley(BUILD, project);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/schema\/(jitos\.graphql|ops\.graphql|kinds\.yaml):\d+:\d+: error /);
      expect(result.stderr).toContain(code);
      expect(result.stderr).toMatch(/\d+ errors? in \d+ files?; nothing was written\n$/);
      expect(await snapshotFolder(join(project, "generated"))).toEqual(before);
    },
  );

  it("refuses to replace an output folder it did not write (exit 1, folder untouched)", async () => {
    await writeFile(join(project, "notes.md"), "mine\n");
    const result = await runWesley([...BUILD, "--out", "."], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("has no Wesley manifest.json, so Wesley did not write it");
    expect(await readFile(join(project, "notes.md"), "utf8")).toBe("mine\n");
  });

  it("takes schema, registry, out and target from wesley.config.json", async () => {
    const config = {
      schema: ["schema/*.graphql"],
      registry: "schema/kinds.yaml",
      out: "src/generated",
      target: "jitos",
    };
    await writeFile(join(project, "wesley.config.json"), JSON.stringify(config));
    const result = await runWesley(["build"], project);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote \d+ files to src\/generated\//);
  });

  it("reads the file named by --config, written before or after the command name", async () => {
    const config = { schema: ["schema/*.graphql"], registry: "schema/kinds.yaml", out: "from-config", target: "jitos" };
    await writeFile(join(project, "other.config.json"), JSON.stringify(config));
    const after = await runWesley(["build", "--config", "other.config.json"], project);
    expect(after.stderr).toBe("");
    expect(after.stdout).toMatch(/^wrote \d+ files to from-config\//);
    const before = await runWesley(["--config", "other.config.json", "build", "--check"], project);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^from-config\/ is up to date/);
  });

  it("exits 2 on a bad config file, naming the file and the key", async () => {
    await writeFile(join(project, "wesley.config.json"), JSON.stringify({ schema: 42 }));
    const result = await runWesley(BUILD, project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('wesley.config.json: "schema" must be a non-empty string');
  });
});
