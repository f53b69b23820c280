import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHash } from "../../generator/output/content-hash.js";
import { GENERATOR_VERSION } from "../../generator/version.js";
import { kernelSchemaProject, REPO_ROOT } from "./wesley-process.js";

/** The package's `bin` as npm links it. Built by `npm run build`; absent in a fresh checkout, so the test skips. */
const BUILT_BIN = join(REPO_ROOT, "dist/generator/cli/wesley.js");

let project: string;

beforeAll(async () => {
  project = await kernelSchemaProject();
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe.skipIf(!existsSync(BUILT_BIN))("the built bin (dist/)", () => {
  it("reports the version and builds a self-consistent output folder", async () => {
    const version = spawnSync(process.execPath, [BUILT_BIN, "--version"], { encoding: "utf8" });
    expect(version.stdout).toBe(`${GENERATOR_VERSION}\n`);
    const build = spawnSync(process.execPath, [BUILT_BIN, "build", "--target", "jitos"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    const manifest = JSON.parse(await readFile(join(project, "generated/manifest.json"), "utf8")) as {
      files: Array<{ path: string; blake3: string }>;
    };
    for (const file of manifest.files) {
      expect(contentHash(await readFile(join(project, "generated", file.path)))).toBe(file.blake3);
    }
  });
});
