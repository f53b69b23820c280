import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSchema, validateSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticsError, formatLocation } from "../diagnostics/index.js";
import { emptyTypeMessage } from "../validate/index.js";
import { EMPTY_REGISTRY } from "../registry/index.js";
import { loadProject, resolveSchemaFiles } from "./index.js";
import { NO_REGISTRY_IR } from "./registry-file.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string;

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "wesley-load-"));
  await write({
    "schema/b.graphql": "type Query {\n  a: A\n}\n",
    "schema/a.graphql": "type A {\n  id: ID!\n}\n",
    "schema/nested/c.gql": "extend type A {\n  name: String\n}\n",
    "schema/notes.txt": "not a schema",
    "schema/node_modules/dep/x.graphql": "type Ignored {\n  id: ID\n}\n",
    "other/d.graphql": "extend type Query {\n  d: Int\n}\n",
  });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("resolveSchemaFiles", () => {
  it("expands a directory to its .graphql/.gql files, sorted, skipping node_modules", async () => {
    expect(await resolveSchemaFiles(["schema"], dir)).toEqual(["schema/a.graphql", "schema/b.graphql", "schema/nested/c.gql"]);
  });

  it("takes files and globs, relative to cwd, de-duplicated", async () => {
    expect(await resolveSchemaFiles(["other/d.graphql", "schema/*.graphql", "schema/a.graphql"], dir)).toEqual([
      "other/d.graphql",
      "schema/a.graphql",
      "schema/b.graphql",
    ]);
  });

  it("names every pattern that matched nothing", async () => {
    const error = await resolveSchemaFiles(["schema", "nope/**/*.graphql", "missing.graphql"], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagnosticsError);
    const ds = (error as DiagnosticsError).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["WESLEY_SCHEMA_PATTERN_UNMATCHED", "WESLEY_SCHEMA_PATTERN_UNMATCHED"]);
    expect(ds.map((d) => d.message).join("\n")).toContain("nope/**/*.graphql");
    expect(ds.map((d) => d.message).join("\n")).toContain("missing.graphql");
  });

  it("rejects an empty pattern list", async () => {
    await expect(resolveSchemaFiles([], dir)).rejects.toMatchObject({ diagnostics: [{ code: "WESLEY_NO_SCHEMA_FILES" }] });
  });
});

describe("loadProject", () => {
  it("merges many files and extensions from other directories", async () => {
    const result = await loadProject({ cwd: dir, schema: ["schema", "other"] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const a = result.ir.types.find((t) => t.name === "A");
    expect(a?.kind === "object" && a.fields.map((f) => f.name)).toEqual(["id", "name"]);
    const query = result.ir.types.find((t) => t.name === "Query");
    expect(query?.kind === "object" && query.fields.map((f) => f.name)).toEqual(["a", "d"]);
    expect(result.ir.types.some((t) => t.name === "Ignored")).toBe(false);
    expect(result.sources.get("A.name")).toEqual({ file: "schema/nested/c.gql", line: 2, column: 3 });
    expect(result.sources.get("Query.d")).toEqual({ file: "other/d.graphql", line: 2, column: 3 });
    // No kinds.yaml and no Wesley directives: a valid input with an empty registry.
    expect(result.ir.registry).toEqual({ name: "", version: 0, nodes: [], edges: [], ops: [], retired: [] });
  });

  it("reports a pattern that matches nothing as a diagnostic, not an exception", async () => {
    const result = await loadProject({ cwd: dir, schema: ["nowhere"] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]?.code).toBe("WESLEY_SCHEMA_PATTERN_UNMATCHED");
  });

  it("treats a missing registry as empty unless it is required", async () => {
    expect((await loadProject({ cwd: dir, schema: ["schema"], registry: "kinds.yaml" })).ok).toBe(true);
    const required = await loadProject({ cwd: dir, schema: ["schema"], registry: "kinds.yaml", registryRequired: true });
    expect(required.ok).toBe(false);
    if (!required.ok) expect(required.diagnostics.map((d) => d.code)).toEqual(["WESLEY_REGISTRY_NOT_FOUND"]);
  });

  it("gives a project without kinds.yaml the registry module's empty registry (without loading YAML)", async () => {
    const result = await loadProject({ cwd: dir, schema: ["schema"] });
    expect(result.ok && result.ir.registry).toEqual(EMPTY_REGISTRY);
    expect(NO_REGISTRY_IR).toEqual(EMPTY_REGISTRY);
  });

  it("leaves the hashes out when asked (wesley diff does not need them)", async () => {
    const hashed = await loadProject({ cwd: dir, schema: ["schema"] });
    const unhashed = await loadProject({ cwd: dir, schema: ["schema"], skipHashes: true });
    expect(hashed.ok && hashed.schemaHash).toMatch(/^[0-9a-f]{64}$/);
    expect(unhashed.ok && [unhashed.schemaHash, unhashed.registryHash]).toEqual(["", ""]);
    expect(unhashed.ok && unhashed.ir).toEqual(hashed.ok && hashed.ir);
  });

  it("loads the kernel's own domain (schema/) with every op resolved", async () => {
    const result = await loadProject({ cwd: ROOT, schema: ["schema"], registry: "schema/kinds.yaml", registryRequired: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ops = result.ir.types.find((t) => t.name === "Mutation");
    const opFields = ops?.kind === "object" ? ops.fields.filter((f) => f.op !== undefined) : [];
    expect(opFields.map((f) => f.name).sort()).toEqual(result.ir.registry.ops.map((o) => o.name).sort());
    expect(result.sources.get("@registry.nodes.Task")).toMatchObject({ file: "schema/kinds.yaml" });
    expect(result.schemaHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("GitHub's published schema", () => {
  it("loads @octokit/graphql-schema 15.25.0", async () => {
    const result = await loadProject({ cwd: ROOT, schema: ["node_modules/@octokit/graphql-schema/schema.graphql"] });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.ir.types.length).toBeGreaterThan(1000);
  });

  it("rejects 15.26.1, which defines EnterpriseOwnerInfo fields twice, naming both places", async () => {
    const file = "node_modules/octokit-schema-15-26-1/schema.graphql";
    const result = await loadProject({ cwd: ROOT, schema: [file] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.location && formatLocation(d.location)])).toEqual([
      ["WESLEY_DUPLICATE_FIELD", `${file}:15153:3`],
      ["WESLEY_DUPLICATE_FIELD", `${file}:15158:3`],
    ]);
    expect(result.diagnostics[0]?.message).toContain("EnterpriseOwnerInfo.repositoryDeployKeySetting");
    expect(result.diagnostics[0]?.message).toContain(`${file}:15003:3`);
  });
});

describe("edge kinds without fields", () => {
  it("pins graphql-js's wording of the error that edge kinds are exempt from", () => {
    const messages = validateSchema(buildSchema("type Query { a: E }\ntype E")).map((e) => e.message);
    expect(messages).toContain(emptyTypeMessage("E"));
  });

  it("still rejects an ordinary object type with no fields", async () => {
    await write({ "empty/schema.graphql": 'type Task @node {\n  id: ID!\n}\n\ntype Link @edge(from: "Task", to: "Task")\n\ntype Empty\n\ntype Query {\n  e: Empty\n  l: Link\n}\n', "empty/kinds.yaml": "registry: t\nversion: 1\nnodes: { Task: 1 }\nedges: { Link: 1 }\n" });
    const result = await loadProject({ cwd: path.join(dir, "empty"), schema: ["."], registry: "kinds.yaml" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([["WESLEY_INVALID_SCHEMA", emptyTypeMessage("Empty")]]);
  });
});
