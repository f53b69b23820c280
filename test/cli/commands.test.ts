import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernelSchemaProject, runWesley } from "./wesley-process.js";

let project: string;

beforeAll(async () => {
  project = await kernelSchemaProject();
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("wesley commands and exit codes (end to end)", () => {
  it("--help lists every command and exits 0", async () => {
    const result = await runWesley(["--help"], project);
    expect(result.code).toBe(0);
    for (const command of ["build", "ir", "diff"]) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("exits 2 on an unknown target, listing the valid ones", async () => {
    const result = await runWesley(["build", "--target", "python"], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are jitos");
  });

  it("ir --json prints the IR of the conventional schema", async () => {
    const result = await runWesley(["ir", "--json"], project);
    expect(result.code).toBe(0);
    const ir = JSON.parse(result.stdout) as { version: string; registry: { nodes: Array<{ name: string }> } };
    expect(ir.version).toBe("wesley-ir/v1");
    expect(ir.registry.nodes.map((node) => node.name)).toContain("Task");
  });

  it("runs `wesley diff` (owned by generator/diff) and passes its exit code through", async () => {
    const same = await runWesley(["diff", "schema", "schema"], project);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("No schema changes");
    expect((await runWesley(["diff", "no-such-schema", "schema"], project)).code).toBe(2);
  });
});
