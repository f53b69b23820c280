import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wesleyPreset } from "../../generator/codegen-plugin/index.js";
import { defaultGeneratorPorts } from "../../generator/output/default-ports.js";
import { buildOutput } from "../../generator/output/build-output.js";
import { REPO_ROOT } from "./wesley-process.js";

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "wesley-codegen-"));
  await cp(join(REPO_ROOT, "schema"), join(project, "schema"), { recursive: true });
  await cp(join(REPO_ROOT, "generator/directives/wesley.graphql"), join(project, "wesley.graphql"));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function folderBytes(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), "utf8")])),
  );
}

describe("graphql-codegen preset", () => {
  it("writes through @graphql-codegen/cli exactly what `wesley build` writes for the same schema", async () => {
    await generate(
      {
        cwd: project,
        schema: [join(project, "schema/*.graphql"), join(project, "wesley.graphql")],
        generates: {
          [join(project, "via-codegen/")]: {
            preset: wesleyPreset,
            presetConfig: { registry: join(project, "schema/kinds.yaml") },
            plugins: [],
          },
        },
        silent: true,
      },
      true,
    );
    const built = await buildOutput(
      {
        cwd: project,
        schema: ["schema"],
        registry: "schema/kinds.yaml",
        registryRequired: true,
        target: "jitos",
        out: "via-wesley",
        mode: "write",
        useStamp: false,
      },
      defaultGeneratorPorts,
    );
    expect(built.kind).toBe("written");
    const viaCodegen = await folderBytes(join(project, "via-codegen"));
    expect(Object.keys(viaCodegen)).toContain("manifest.json");
    expect(viaCodegen).toEqual(await folderBytes(join(project, "via-wesley")));
  });

  it("fails codegen with Wesley's located errors when the schema is invalid", async () => {
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
  });
});
