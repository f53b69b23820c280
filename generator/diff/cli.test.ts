import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "./testing/run-in-process.js";

const VECTORS = join(import.meta.dirname, "../../test-vectors/diff");
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wesley-diff-test-"));
  temps.push(dir);
  return dir;
}

const sides = { old: "old", new: "new" } as const;

describe("--base <git-ref>", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
    });

  function repoWithBase(): string {
    const repo = tempDir();
    mkdirSync(join(repo, "schema"));
    cpSync(join(VECTORS, "field-removed/old/schema.graphql"), join(repo, "schema/schema.graphql"));
    cpSync(join(VECTORS, "field-removed/old/kinds.yaml"), join(repo, "schema/kinds.yaml"));
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "base");
    return repo;
  }

  it("compares the working tree with the ref, reading the base from git without touching the tree", async () => {
    const repo = repoWithBase();
    cpSync(join(VECTORS, "field-removed/new/schema.graphql"), join(repo, "schema/schema.graphql"));
    const run = await runDiff(repo, { base: "main", format: "json" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const changes = (JSON.parse(run.stdout) as { changes: { type: string; location: unknown }[] }).changes;
    expect(changes).toContainEqual(
      expect.objectContaining({ type: "FIELD_REMOVED", location: { file: "schema/schema.graphql", line: 6 } }),
    );
    expect(readFileSync(join(repo, "schema/schema.graphql"), "utf8")).toBe(
      readFileSync(join(VECTORS, "field-removed/new/schema.graphql"), "utf8"),
    );
    expect(git(repo, "status", "--porcelain").toString()).toBe(" M schema/schema.graphql\n");
  });

  it("sees registry changes made since the ref", async () => {
    const repo = repoWithBase();
    cpSync(join(VECTORS, "registry-id-changed/new/kinds.yaml"), join(repo, "schema/kinds.yaml"));
    const run = await runDiff(repo, { base: "HEAD", format: "json" });
    expect(run.stdout).toContain('"REGISTRY_ID_CHANGED"');
    expect(run.code).toBe(1);
  });

  it("exits 2 naming the ref when it does not exist", async () => {
    const run = await runDiff(repoWithBase(), { base: "no-such-branch" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"no-such-branch" not found');
  });
});

describe("approvals", () => {
  function approvalsIn(body: string): string {
    const dir = tempDir();
    cpSync(join(VECTORS, "field-removed"), dir, { recursive: true });
    writeFileSync(join(dir, "approvals.yaml"), body);
    return dir;
  }
  const approveRemoval = `approvals:
  - type: FIELD_REMOVED
    coordinate: Query.version
    reason: Nobody reads it (checked the gateway logs).
  - type: FIELD_REMOVED_WITHOUT_DEPRECATION
    coordinate: Query.version
    reason: Nobody reads it (checked the gateway logs).
`;

  it("lets an approved breaking change pass and shows the reason", async () => {
    const run = await runDiff(approvalsIn(approveRemoval), { ...sides, approvals: "approvals.yaml" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("approved: Nobody reads it");
  });

  it("reports an approval that matches nothing, and fails on it under strict", async () => {
    const stale = `${approveRemoval}  - type: ARG_REMOVED\n    coordinate: Query.task(verbose:)\n    reason: Old.\n`;
    const dir = approvalsIn(stale);
    const lenientRun = await runDiff(dir, { ...sides, approvals: "approvals.yaml", format: "json" });
    expect(lenientRun.code).toBe(0);
    expect(JSON.parse(lenientRun.stdout).approvals.stale).toEqual([
      { type: "ARG_REMOVED", coordinate: "Query.task(verbose:)", line: 8 },
    ]);
    const strictRun = await runDiff(dir, { ...sides, approvals: "approvals.yaml", strictness: "strict" });
    expect(strictRun.code).toBe(1);
    expect(strictRun.stdout).toContain("Stale approval approvals.yaml:8");
  });

  it("rejects an approval without a reason (exit 2)", async () => {
    const run = await runDiff(approvalsIn("approvals:\n  - type: FIELD_REMOVED\n    coordinate: Query.version\n"), {
      ...sides,
      approvals: "approvals.yaml",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("approvals.yaml:2");
  });
});

describe("strictness", () => {
  const exitFor = async (vector: string, strictness?: string) =>
    (await runDiff(join(VECTORS, vector), { ...sides, ...(strictness ? { strictness } : {}) })).code;

  it("strict fails dangerous changes, default and lenient do not", async () => {
    expect(await exitFor("value-added-to-enum", "strict")).toBe(1);
    expect(await exitFor("value-added-to-enum")).toBe(0);
    expect(await exitFor("value-added-to-enum", "lenient")).toBe(0);
  });

  it("lenient only fails registry and history breaks", async () => {
    expect(await exitFor("field-removed", "lenient")).toBe(0);
    expect(await exitFor("registry-id-changed", "lenient")).toBe(1);
    expect(await exitFor("history-enum-value-removed", "lenient")).toBe(1);
  });

  it("reads the level from wesley-diff.yaml, and the command line wins", async () => {
    const dir = tempDir();
    cpSync(join(VECTORS, "value-added-to-enum"), dir, { recursive: true });
    writeFileSync(join(dir, "wesley-diff.yaml"), "strictness: strict\n");
    expect((await runDiff(dir, sides)).code).toBe(1);
    expect((await runDiff(dir, { ...sides, strictness: "default" })).code).toBe(0);
    writeFileSync(join(dir, "wesley-diff.yaml"), "strictnes: strict\n");
    const typo = await runDiff(dir, sides);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown key "strictnes"');
  });
});

describe("output formats", () => {
  const vector = join(VECTORS, "field-removed");

  it("text groups by severity, colours only when asked and never under NO_COLOR", async () => {
    const plain = await runDiff(vector, sides);
    expect(plain.stdout).toMatch(/^Breaking changes \(2\)\n/);
    expect(plain.stdout).toContain("FIELD_REMOVED Query.version  old/schema.graphql:6");
    expect(plain.stdout).not.toContain("\x1b[");
    expect((await runDiff(vector, { ...sides, color: true })).stdout).toContain("\x1b[31m");
  });

  it("markdown is a PR comment with a verdict and a table row per change", async () => {
    const { stdout } = await runDiff(vector, { ...sides, format: "markdown" });
    expect(stdout).toMatch(/^### wesley diff: ❌ fails \(default\)/);
    expect(stdout).toContain(
      "| ❌ | `FIELD_REMOVED` | `Query.version` | Field Query.version was removed. | `old/schema.graphql:6` |",
    );
  });

  it("github emits workflow annotations at the change's file and line", async () => {
    const { stdout } = await runDiff(vector, { ...sides, format: "github" });
    expect(stdout).toContain(
      "::error file=old/schema.graphql,line=6,title=FIELD_REMOVED Query.version::Field Query.version was removed.\n",
    );
    expect(stdout).toMatch(/::notice title=wesley diff::2 breaking, 0 dangerous, 0 safe/);
  });

  it("json is sorted the same way on every run", async () => {
    const first = await runDiff(join(VECTORS, "registry-id-reused"), { ...sides, format: "json" });
    const second = await runDiff(join(VECTORS, "registry-id-reused"), { ...sides, format: "json" });
    expect(first.stdout).toBe(second.stdout);
  });
});

describe("usage and input errors exit 2", () => {
  it("without sides or with an unknown format", async () => {
    expect((await runDiff(VECTORS, {})).code).toBe(2);
    expect((await runDiff(join(VECTORS, "field-removed"), { ...sides, format: "xml" })).code).toBe(2);
  });

  it("a schema that does not load prints located diagnostics", async () => {
    const dir = tempDir();
    cpSync(join(VECTORS, "field-removed"), dir, { recursive: true });
    writeFileSync(join(dir, "new/schema.graphql"), "type Query {\n  version: Strin\n}\n");
    const run = await runDiff(dir, sides);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("new/schema.graphql:2:");
  });
});
