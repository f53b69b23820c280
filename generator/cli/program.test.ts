import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeGenerator } from "../../test/cli/fake-generator.js";
import { GENERATOR_VERSION } from "../version.js";
import { runWesley } from "./program.js";
import type { Terminal } from "./terminal.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "wesley-program-"));
  await writeFile(join(cwd, "a.graphql"), "type A { id: ID! }\n");
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function wesley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const terminal: Terminal = {
    cwd,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const code = await runWesley(args, terminal, fakeGenerator());
  return { code, stdout, stderr };
}

describe("wesley (in-process, fake generator)", () => {
  it("prints help listing the commands and exit codes, and the version", async () => {
    const help = await wesley("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/build \[options\]/);
    expect(help.stdout).toMatch(/ir \[options\]/);
    expect(help.stdout).toContain("Exit codes: 0 success, 1 invalid input");
    expect(await wesley("--version")).toMatchObject({ code: 0, stdout: `${GENERATOR_VERSION}\n` });
  });

  it("shows per-command help with every build flag", async () => {
    const help = await wesley("build", "--help");
    expect(help.code).toBe(0);
    for (const flag of ["--target", "--schema", "--registry", "--out", "--check", "--watch", "--no-cache"]) {
      expect(help.stdout).toContain(flag);
    }
  });

  it("exits 2 on usage errors: unknown command, unknown flag, unknown or missing target, --check with --watch", async () => {
    expect(await wesley("bulid")).toMatchObject({ code: 2, stderr: expect.stringContaining("Did you mean build?") });
    expect((await wesley("build", "--target", "jitos", "--frobnicate")).code).toBe(2);
    const unknownTarget = await wesley("build", "--target", "python");
    expect(unknownTarget.code).toBe(2);
    expect(unknownTarget.stderr).toContain("Allowed choices are jitos, client");
    expect(await wesley("build", "--schema", "a.graphql")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("missing --target; valid targets: jitos, client"),
    });
    expect(await wesley("build", "--target", "client")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--target client needs --documents"),
    });
    expect(await wesley("build", "--target", "jitos", "--documents", "ops.graphql")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--documents applies only to --target client"),
    });
    expect((await wesley("build", "--target", "jitos", "--check", "--watch")).code).toBe(2);
  });

  it("exits 2 on a bad config file, naming the file and key", async () => {
    await writeFile(join(cwd, "wesley.config.json"), JSON.stringify({ output: "gen" }));
    const result = await wesley("build", "--target", "jitos");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: wesley.config.json: unknown key "output"`);
  });

  it("prints a one-line summary with the file count, folder, time and short schema hash", async () => {
    const result = await wesley("build", "--target", "jitos", "--schema", "a.graphql", "--out", "gen");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote 3 files to gen\/ in \d+ ms \(schema [0-9a-f]{8}\)\n$/);
  });

  it("exits 1 with located errors and a summary when the schema is invalid", async () => {
    await writeFile(join(cwd, "a.graphql"), "type A {\n  BROKEN\n}\n");
    const result = await wesley("build", "--target", "jitos", "--schema", "a.graphql", "--out", "gen");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("a.graphql:2:1");
    expect(result.stderr).toMatch(/1 error in 1 file; nothing was written\n$/);
  });

  it("--check exits 1 naming each stale file, and 0 once the output is rebuilt", async () => {
    const build = ["build", "--target", "jitos", "--schema", "a.graphql", "--out", "gen"];
    await wesley(...build);
    await writeFile(join(cwd, "a.graphql"), "type A { id: ID! b: Int }\n");
    const stale = await wesley(...build, "--check");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("stale    gen/schema.txt");
    expect(stale.stderr).toContain("stale    gen/nested/index.ts");
    await wesley(...build);
    expect((await wesley(...build, "--check")).code).toBe(0);
  });
});
