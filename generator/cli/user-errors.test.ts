// Mistakes users make on the command line, run through the real `wesley` process: each must get a message that
// names what is wrong, the documented exit code, and no output written.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWesley } from "../../test/cli/wesley-process.js";

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "wesley-user-errors-"));
  await mkdir(join(project, "schema"));
  await writeFile(join(project, "schema/app.graphql"), "type Query { hello: String }\ntype User { id: ID! }\n");
  await writeFile(join(project, "notes.txt"), "not a folder\n");
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("wesley build: paths that are not what the user thinks", () => {
  it("--out below a file names the file instead of a raw ENOTDIR, and writes nothing", async () => {
    for (const extra of [[], ["--check"]]) {
      const result = await runWesley(["build", "--target", "jitos", "--out", "notes.txt/generated", ...extra], project);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("notes.txt/generated cannot be created: notes.txt is a file, not a folder");
      expect(result.stderr).not.toContain("ENOTDIR");
    }
    expect(await readFile(join(project, "notes.txt"), "utf8")).toBe("not a folder\n");
    expect((await readdir(project)).sort()).toEqual(["notes.txt", "schema"]);
  });

  it("--out . (or a folder holding the working directory) is refused: the swap would delete the shell's folder", async () => {
    const outer = join(project, "outer");
    const here = join(outer, "here");
    await mkdir(here, { recursive: true });
    for (const out of [".", ".."]) {
      const result = await runWesley(["build", "--target", "jitos", "--schema", "../../schema", "--out", out], here);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("is the working directory or contains it");
      expect(await readdir(outer)).toEqual(["here"]);
      expect(await readdir(here)).toEqual([]);
    }
    await rm(outer, { recursive: true });
  });

  it("--registry naming a folder says it is a folder, not that it does not exist", async () => {
    const result = await runWesley(["build", "--target", "jitos", "--registry", "schema", "--out", "gen"], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Registry file "schema" is a folder, not a file.');
  });

  it("--config naming a folder says it is a folder (exit 2)", async () => {
    const result = await runWesley(["build", "--target", "jitos", "--config", "schema"], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("schema: is a folder, not a config file.");
  });

  it("an empty path (an unset variable in a script) is a usage error, not the whole working directory", async () => {
    for (const flag of ["--schema", "--out", "--registry", "--config"]) {
      const result = await runWesley(["build", "--target", "jitos", flag, ""], project);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${flag} got an empty path`);
    }
    expect((await readdir(project)).sort()).toEqual(["notes.txt", "schema"]);
  });

  it("--check with one stale file says `1 file differs`", async () => {
    const out = "check-out";
    expect((await runWesley(["build", "--target", "jitos", "--out", out, "--no-cache"], project)).code).toBe(0);
    await writeFile(join(project, out, "types.ts"), "// edited by hand\n");
    const result = await runWesley(["build", "--target", "jitos", "--out", out, "--check"], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${out}/ is stale: 1 file differs from what this build would write:`);
    await rm(join(project, out), { recursive: true, force: true });
  });
});

describe("wesley diff: options and surroundings", () => {
  it("honours --config after `diff` (a missing diff config is an error, not silently skipped)", async () => {
    const missing = await runWesley(["diff", "schema", "schema", "--config", "no-such-diff.yaml"], project);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-diff.yaml: no such file.");

    await writeFile(join(project, "strict-diff.yaml"), "strictness: bogus\n");
    const approvalsFolder = await runWesley(["diff", "schema", "schema", "--approvals", "schema"], project);
    expect(approvalsFolder.code).toBe(2);
    expect(approvalsFolder.stderr).toContain("approvals file schema is a folder, not a file.");

    const invalid = await runWesley(["diff", "schema", "schema", "--config", "strict-diff.yaml"], project);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('strict-diff.yaml: "strictness" must be one of');
    await rm(join(project, "strict-diff.yaml"));
  });

  it("refuses options that do not apply to the chosen mode instead of ignoring them", async () => {
    const registryWithSides = await runWesley(["diff", "schema", "schema", "--registry", "kinds.yaml"], project);
    expect(registryWithSides.code).toBe(2);
    expect(registryWithSides.stderr).toContain("--schema and --registry apply with --base");
    const sidesRegistryWithBase = await runWesley(["diff", "--base", "main", "--old-registry", "kinds.yaml"], project);
    expect(sidesRegistryWithBase.code).toBe(2);
    expect(sidesRegistryWithBase.stderr).toContain("--old-registry and --new-registry apply to <old> <new>");
  });

  it("one schema path without a second says <new> is missing and how to give it (exit 2)", async () => {
    const result = await runWesley(["diff", "schema"], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing <new>: give the schema to compare schema with (`wesley diff schema <new>`)");
    expect(result.stderr).toContain("`wesley diff --base <git-ref>`");
  });

  it("a missing --base ref gets a fetch command that would work (`origin/main` is branch main of origin)", async () => {
    const repo = await mkdtemp(join(tmpdir(), "wesley-user-errors-repo-"));
    try {
      const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, stdio: "pipe" });
      await mkdir(join(repo, "schema"));
      await writeFile(join(repo, "schema/app.graphql"), "type Query { hello: String }\n");
      git("init", "-q", "-b", "main");
      git("add", ".");
      git("commit", "-qm", "base");
      git("remote", "add", "upstream", repo);

      const remoteBranch = await runWesley(["diff", "--base", "upstream/release"], repo);
      expect(remoteBranch.code).toBe(2);
      expect(remoteBranch.stderr).toContain("git fetch upstream release)");
      const origin = await runWesley(["diff", "--base", "origin/main"], repo);
      expect(origin.stderr).toContain("git fetch origin main)");
      const relative = await runWesley(["diff", "--base", "HEAD~5"], repo);
      expect(relative.code).toBe(2);
      expect(relative.stderr).toContain("git fetch --unshallow");
      expect(relative.stderr).not.toContain("git fetch origin HEAD~5");
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it("--base outside a git repository says so instead of `ref not found`", async () => {
    const result = await runWesley(["diff", "--base", "main"], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not inside a git repository");
    expect(result.stderr).not.toContain("not found");
  });
});
