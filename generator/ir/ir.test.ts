import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProject } from "../load/index.js";
import { hashIR, hashRegistry, irToJSON } from "./index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const VECTORS = JSON.parse(await readFile(path.join(ROOT, "test-vectors/ir/vectors.json"), "utf8")) as {
  vectors: { name: string; input: string; schema: string[]; registry: string; ir: string; schemaHash: string; registryHash: string }[];
};

async function load(cwd: string) {
  const result = await loadProject({ cwd, schema: ["."], registry: "kinds.yaml" });
  if (!result.ok) throw new Error(`expected ${cwd} to load: ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result;
}

describe("golden IR vectors (test-vectors/ir)", () => {
  it.each(VECTORS.vectors.map((v) => [v.name, v] as const))("%s", async (_, v) => {
    const result = await loadProject({ cwd: path.join(ROOT, v.input), schema: v.schema, registry: v.registry });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(irToJSON(result.ir)).toBe(await readFile(path.join(ROOT, "test-vectors/ir", v.ir), "utf8"));
    expect(result.schemaHash).toBe(v.schemaHash);
    expect(result.registryHash).toBe(v.registryHash);
    expect(hashIR(result.ir)).toBe(v.schemaHash);
    expect(hashRegistry(result.ir.registry)).toBe(v.registryHash);
  });
});

describe("determinism", () => {
  const temps: string[] = [];
  afterAll(async () => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

  async function rearranged(from: string, rearrange: (dir: string) => Promise<void>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "wesley-ir-"));
    temps.push(dir);
    await cp(from, dir, { recursive: true });
    await rearrange(dir);
    return dir;
  }

  const domain = path.join(ROOT, "test-vectors/schemas/valid/domain");

  it("gives the same IR and hash whatever the file names, file order and definition order", async () => {
    const reference = await load(domain);
    const dir = await rearranged(domain, async (d) => {
      // Rename so the files sort in the opposite order, and reverse the definitions inside each file.
      for (const file of (await readdir(d)).filter((f) => f.endsWith(".graphql"))) {
        const blocks = (await readFile(path.join(d, file), "utf8")).split(/\n\s*\n/);
        await rm(path.join(d, file));
        await writeFile(path.join(d, `z-${100 - file.length}-${file}`), blocks.reverse().join("\n") + "\n");
      }
    });
    const shuffled = await load(dir);
    expect(irToJSON(shuffled.ir)).toBe(irToJSON(reference.ir));
    expect(shuffled.schemaHash).toBe(reference.schemaHash);
    expect(shuffled.registryHash).toBe(reference.registryHash);
  });

  it("gives the same IR when an `extend` moves to another file", async () => {
    const reference = await load(domain);
    const dir = await rearranged(domain, async (d) => {
      const extensions = await readFile(path.join(d, "extensions.graphql"), "utf8");
      await rm(path.join(d, "extensions.graphql"));
      await writeFile(path.join(d, "ops.graphql"), extensions + "\n" + (await readFile(path.join(d, "ops.graphql"), "utf8")));
    });
    const moved = await load(dir);
    expect(moved.schemaHash).toBe(reference.schemaHash);
    // Locations are not part of the IR, but the side table follows the move.
    expect(moved.sources.get("Project.openTasks")?.file).toBe("ops.graphql");
    expect(reference.sources.get("Project.openTasks")?.file).toBe("extensions.graphql");
  });

  it("changes the schema hash, not the registry hash, when only a description changes", async () => {
    const reference = await load(domain);
    const dir = await rearranged(domain, async (d) => {
      const file = path.join(d, "nodes.graphql");
      await writeFile(file, (await readFile(file, "utf8")).replace('"Short name."', '"A short name."'));
    });
    const changed = await load(dir);
    expect(changed.schemaHash).not.toBe(reference.schemaHash);
    expect(changed.registryHash).toBe(reference.registryHash);
  });

  it("changes both hashes when a registry id changes", async () => {
    const reference = await load(domain);
    const dir = await rearranged(domain, async (d) => {
      const file = path.join(d, "kinds.yaml");
      await writeFile(file, (await readFile(file, "utf8")).replace("block: 4", "block: 5"));
    });
    const changed = await load(dir);
    expect(changed.registryHash).not.toBe(reference.registryHash);
    expect(changed.schemaHash).not.toBe(reference.schemaHash);
  });
});

describe("IR content", () => {
  it("resolves ops, folds, constraints, defaults and built-in scalars", async () => {
    const { ir } = await load(path.join(ROOT, "test-vectors/schemas/valid/domain"));
    const type = (name: string) => ir.types.find((t) => t.name === name);
    expect(ir.types.map((t) => t.name)).toEqual([...ir.types.map((t) => t.name)].sort());
    for (const name of ["Boolean", "Float", "ID", "Int", "String"]) expect(type(name)).toEqual({ kind: "scalar", name, builtin: true });

    const mutation = type("Mutation");
    if (mutation?.kind !== "object") throw new Error("Mutation missing");
    const op = (name: string) => mutation.fields.find((f) => f.name === name);
    // `reason` is history-only: not a stored field of Task. `id` and @derived fields are never attributes.
    expect(op("createTask")?.op).toEqual({ effect: "creates", target: "Task", input: "CreateTaskInput", attributeFields: ["name", "priority", "tags"] });
    expect(op("createTask")?.requiresCaps).toEqual(["task:write"]);
    expect(op("dropTask")?.requiresCaps).toEqual(["task:admin", "task:write"]);
    expect(op("block")?.op).toEqual({ effect: "creates", target: "Blocks", input: "BlockInput", fromField: "blockerId", toField: "blockedId", attributeFields: [] });

    expect(type("Blocks")).toMatchObject({ kind: "object", fields: [], edge: { from: "Task", to: "Task" } });
    expect(ir.folds).toEqual([
      { name: "projectOpenTasks", derives: ["Project.openTasks"] },
      { name: "taskState", derives: ["Project.progress", "Task.state"] },
    ]);
    const page = type("Page");
    if (page?.kind !== "input") throw new Error("Page missing");
    expect(page.fields.find((f) => f.name === "order")?.defaultValue).toEqual({ by: "NAME", descending: false });
  });

  it("prints JSON with sorted keys, two-space indent and a trailing newline", async () => {
    const { ir } = await load(path.join(ROOT, "test-vectors/schemas/valid/retired-entries"));
    const json = irToJSON(ir);
    expect(json.endsWith("}\n")).toBe(true);
    expect(json.startsWith('{\n  "folds"')).toBe(true);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(ir)));
    expect(ir.registry.retired.map((r) => `${r.namespace}.${r.name}`)).toEqual(["edges.PartOf", "nodes.Epic", "ops.archiveTask"]);
  });
});
