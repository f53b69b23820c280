// The bearer-token config jitosd loads: real files on disk, every problem reported at once with where it is.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPrincipalsConfig, PrincipalsConfigError, tokenHash } from "./config-file.js";

const dir = mkdtempSync(join(tmpdir(), "jitos-principals-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(path: string): string[] {
  try {
    loadPrincipalsConfig(path);
  } catch (error) {
    if (error instanceof PrincipalsConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("loadPrincipalsConfig", () => {
  it("maps bearer tokens (plain or as BLAKE3 hex) to principals with sorted capabilities", () => {
    const path = file(
      "ok.yaml",
      [
        "version: 1",
        "principals:",
        "  - id: alice",
        "    capabilities: [task:write, plan:write, task:write]",
        "    token: alice-secret-token-0001",
        "  - id: ci",
        "    capabilities: [task:run]",
        `    tokenBlake3: ${tokenHash("ci-secret-token-000002")}`,
      ].join("\n"),
    );
    const principals = loadPrincipalsConfig(path);
    expect(principals.authenticate("alice-secret-token-0001")).toEqual({
      id: "alice",
      capabilities: ["plan:write", "task:write"],
    });
    expect(principals.authenticateHeader("Bearer ci-secret-token-000002")?.id).toBe("ci");
    expect(principals.authenticateHeader("bearer ci-secret-token-000002")?.id).toBe("ci");
    expect(principals.authenticate("wrong-token-000000000")).toBeNull();
    expect(principals.authenticateHeader("Basic abc")).toBeNull();
    expect(principals.authenticateHeader(undefined)).toBeNull();
    expect(principals.registry.list().map((p) => p.id)).toEqual(["alice", "ci"]);
  });

  it("reads JSON too", () => {
    const path = file(
      "ok.json",
      JSON.stringify({ version: 1, principals: [{ id: "a", capabilities: [], token: "x".repeat(16) }] }),
    );
    expect(loadPrincipalsConfig(path).authenticate("x".repeat(16))?.id).toBe("a");
  });

  it("reports every problem at once, each with its path, and yields no principals", () => {
    const path = file(
      "bad.yaml",
      [
        "version: 2",
        "extra: true",
        "principals:",
        "  - id: alice",
        "    capabilities: [task:write, Not A Cap]",
        "    token: short",
        "  - id: alice",
        "    capabilities: []",
        "    token: same-token-1234567890",
        "  - id: bob",
        "    capabilities: []",
        "    token: same-token-1234567890",
        "    tokenBlake3: abc",
        "  - id: 'has space'",
        "    capabilities: []",
        "    tokenBlake3: abc",
        "    role: admin",
      ].join("\n"),
    );
    const problems = problemsOf(path);
    expect(problems).toEqual(
      expect.arrayContaining([
        "/extra: unknown key; the keys are version, principals",
        "/version: expected 1, got 2",
        expect.stringMatching(/^\/principals\/0\/capabilities\/1: "Not A Cap" is not a capability/),
        expect.stringMatching(/^\/principals\/0\/token: expected at least 16 printable ASCII characters/),
        expect.stringMatching(/^\/principals\/2: give exactly one of token .* or tokenBlake3/),
        expect.stringMatching(/^\/principals\/3\/id: expected 1\.\.128 characters/),
        expect.stringMatching(/^\/principals\/3\/tokenBlake3: expected 64 lowercase hex/),
        "/principals/3/role: unknown key; the keys are capabilities, id, token, tokenBlake3",
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it("refuses duplicate ids, shared tokens and YAML errors with their location", () => {
    const token = "shared-token-123456789";
    const dup = file(
      "dup.yaml",
      `version: 1\nprincipals:\n  - {id: a, capabilities: [], token: ${token}}\n  - {id: a, capabilities: [], token: other-token-123456789}\n  - {id: b, capabilities: [], token: ${token}}\n`,
    );
    expect(problemsOf(dup)).toEqual([
      '/principals/1/id: principal "a" is defined twice',
      '/principals/2: the same token is already given to principal "a"',
    ]);
    const broken = file("broken.yaml", "version: 1\nprincipals: [\n");
    expect(problemsOf(broken)[0]).toMatch(/^line \d+, column \d+: /);
    expect(problemsOf(join(dir, "missing.yaml"))[0]).toMatch(/^cannot read the file/);
  });
});
