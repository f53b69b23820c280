// The API SDL is derived from schema/ and checked in twice (api.graphql for client generators, the generated
// module for the daemon). These tests keep both in sync with the domain and pin the names clients rely on.
import { readFileSync } from "node:fs";
import { buildSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import type { GraphQLField } from "graphql";
import { describe, expect, it } from "vitest";
import { domain } from "../../../generated/domain.js";
import { api_sdl, api_sdl_domain } from "./api-sdl.generated.js";
import { deriveApiSdl } from "./derive-api-sdl.js";
import { ApiDerivationError } from "./derive-typed-sdl.js";
import type { ApiDomain, ApiTypeDef } from "./domain-model.js";
import { api_graphql_path, deriveFromRepository } from "./regenerate.js";

const schema = buildSchema(api_sdl);

function mutation(name: string): GraphQLField<unknown, unknown> {
  const field = schema.getMutationType()!.getFields()[name];
  if (field === undefined) throw new Error(`no Mutation.${name}`);
  return field;
}

function argTypes(field: GraphQLField<unknown, unknown>): Record<string, string> {
  return Object.fromEntries(field.args.map((arg) => [arg.name, String(arg.type)]));
}

describe("the checked-in API SDL", () => {
  it("is what schema/ derives today, byte for byte, in both copies (run `npm run gen:api` if this fails)", async () => {
    const derived = await deriveFromRepository();
    expect(readFileSync(api_graphql_path, "utf8")).toBe(derived.sdl);
    expect(api_sdl).toBe(derived.sdl);
    expect(readFileSync(new URL("./api-sdl.generated.ts", import.meta.url), "utf8")).toBe(derived.module);
  });

  it("was derived from the domain the daemon runs (generated/)", () => {
    expect(api_sdl_domain).toEqual({ schemaHash: domain.schemaHash, registryHash: domain.registryHash });
    expect(api_sdl).toContain(`# Domain schema hash: ${domain.schemaHash}`);
  });

  it("is deterministic: deriving twice gives the same text", async () => {
    const [a, b] = await Promise.all([deriveFromRepository(), deriveFromRepository()]);
    expect(a.sdl).toBe(b.sdl);
  });
});

describe("v0 control plane names (issue 5)", () => {
  it("has the queries with their arguments", () => {
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(["edge", "graph", "kernelInfo", "listSws", "node", "rewrites", "sws"]));
    expect(argTypes(query["graph"]!)).toEqual({
      view: "ViewInput!",
      nodesPage: "PageInput",
      edgesPage: "PageInput",
      nodeFilter: "NodeFilter",
      edgeFilter: "EdgeFilter",
    });
    expect(argTypes(query["node"]!)).toEqual({ view: "ViewInput!", id: "ID!" });
    expect(argTypes(query["rewrites"]!)).toEqual({ view: "ViewInput", page: "RewritePageInput" });
    const graph = schema.getType("Graph");
    expect(isObjectType(graph) && Object.keys(graph.getFields())).toEqual(
      expect.arrayContaining(["digest", "snapshotId", "nodes", "edges"]),
    );
    const info = schema.getType("KernelInfo");
    expect(isObjectType(info) && Object.keys(info.getFields())).toEqual(
      expect.arrayContaining(["version", "schemaHash", "registryHash", "policyId"]),
    );
  });

  it("has ViewInput {kind: SYSTEM | SWS, swsId}", () => {
    const view = schema.getType("ViewInput");
    expect(isInputObjectType(view) && argTypesOfInput(view.getFields())).toEqual({ kind: "ViewKind!", swsId: "String" });
    expect(api_sdl).toMatch(/enum ViewKind \{\n {2}SYSTEM\n {2}SWS\n\}/);
  });

  it("has applyRewrite(view, rewrite: {ops: [JSON], meta}) -> {accepted, receipt {rewriteIdx, view, viewDigest}}, deprecated for the typed API", () => {
    const apply = mutation("applyRewrite");
    expect(argTypes(apply)).toEqual({ view: "ViewInput!", rewrite: "RewriteInput!" });
    const input = schema.getType("RewriteInput");
    expect(isInputObjectType(input) && argTypesOfInput(input.getFields())).toEqual({ ops: "[JSON!]!", meta: "JSON" });
    const result = getNamedType(apply.type);
    expect(isObjectType(result) && Object.keys(result.getFields())).toEqual(expect.arrayContaining(["accepted", "receipt"]));
    const receipt = schema.getType("RewriteReceipt");
    // The three fields, plus the entry's history idx (ADR 0028).
    expect(isObjectType(receipt) && Object.keys(receipt.getFields())).toEqual(["rewriteIdx", "idx", "view", "viewDigest"]);
    expect(apply.deprecationReason).toMatch(/createTask\(view, input\)/);
  });

  it("has the SWS lifecycle mutations and the rewrites subscription", () => {
    expect(argTypes(mutation("createSws"))).toEqual({ meta: "JSON" });
    expect(argTypes(mutation("collapseSws"))).toEqual({ id: "String!", meta: "JSON" });
    expect(argTypes(mutation("discardSws"))).toEqual({ id: "String!", meta: "JSON" });
    const subscription = schema.getSubscriptionType()!.getFields()["rewrites"]!;
    expect(argTypes(subscription)).toEqual({ view: "ViewInput!", after: "Int" });
  });
});

describe("typed v1 API derived from the domain", () => {
  it("shows fields derived by folds on record types (Task.state, Task.owner)", () => {
    const task = schema.getType("Task");
    expect(isObjectType(task) && String(task.getFields()["state"]!.type)).toBe("TaskState!");
    expect(isObjectType(task) && String(task.getFields()["owner"]!.type)).toBe("String!");
  });

  it("has Mutation.<verb>(view: ViewInput!, input: <Input>!, meta: JSON) for every op of the domain", () => {
    for (const op of domain.ops) {
      const deletes = (op.effect as string) === "deletes";
      const field = mutation(op.name);
      expect(Object.keys(argTypes(field))).toEqual(["view", "input", "meta"]);
      expect(argTypes(field)["view"]).toBe("ViewInput!");
      expect(argTypes(field)["input"]).toMatch(/^[A-Za-z]+Input!$/);
      const payload = getNamedType(field.type);
      expect(isObjectType(payload) && Object.keys(payload.getFields())).toEqual(
        deletes ? ["receipt"] : ["receipt", "record"],
      );
      if (isObjectType(payload) && !deletes) {
        expect(String(payload.getFields()["record"]!.type)).toBe(`${op.target}!`);
      }
    }
  });

  it("has a typed object per node and edge kind, with its stored attributes", () => {
    const node = schema.getType("Node");
    const edge = schema.getType("Edge");
    expect(isInterfaceType(node) && isInterfaceType(edge)).toBe(true);
    for (const kind of domain.nodes) {
      const type = schema.getType(kind.name);
      expect(isObjectType(type) && type.getInterfaces().map(String)).toEqual(["Node"]);
      if (isObjectType(type)) {
        const fields = type.getFields();
        const extra = Object.keys(fields).filter((name) => !["attrs", "id", "kind", ...kind.attributeFields].includes(name));
        expect(Object.keys(fields)).toEqual(expect.arrayContaining(["attrs", "id", "kind", ...kind.attributeFields]));
        // Everything else on a record type is derived by a fold, and says so.
        for (const name of extra) expect(fields[name]!.description).toMatch(/Derived from history by the fold \w+/);
      }
    }
    for (const kind of domain.edges) {
      const type = schema.getType(kind.name);
      expect(isObjectType(type) && type.getInterfaces().map(String)).toEqual(["Edge"]);
      if (isObjectType(type)) {
        expect(String(type.getFields()["fromNode"]!.type)).toBe(kind.from);
        expect(String(type.getFields()["toNode"]!.type)).toBe(kind.to);
      }
    }
  });

  it("serves the domain's id lookups in a view: task(view, id): Task", () => {
    const query = schema.getQueryType()!.getFields();
    expect(argTypes(query["task"]!)).toEqual({ view: "ViewInput!", id: "ID!" });
    expect(String(query["task"]!.type)).toBe("Task");
    expect(String(query["slap"]!.type)).toBe("Slap");
  });

  it("has typed filters: kind enums and per-kind attribute tests", () => {
    const filter = schema.getType("NodeFilter");
    expect(isInputObjectType(filter) && String(filter.getFields()["kinds"]!.type)).toBe("[NodeKind!]");
    const task = schema.getType("TaskFilter");
    expect(isInputObjectType(task) && argTypesOfInput(task.getFields())).toEqual({
      intent: "StringPredicate",
      priority: "IntPredicate",
      title: "StringPredicate",
    });
  });

  it("has OpInput with one field per verb for applyOps", () => {
    const input = schema.getType("OpInput");
    expect(isInputObjectType(input) && input.isOneOf).toBe(true);
    expect(isInputObjectType(input) && Object.keys(input.getFields()).sort()).toEqual(domain.ops.map((op) => op.name).sort());
  });
});

describe("derivation refuses domains it cannot serve", () => {
  async function realDomain(): Promise<ApiDomain> {
    const { loadProject } = await import("../../../generator/load/index.js");
    const loaded = await loadProject({ cwd: new URL("../../..", import.meta.url).pathname, schema: ["schema/"], registry: "schema/kinds.yaml" });
    if (!loaded.ok) throw new Error("schema/ does not load");
    return loaded.ir;
  }
  const hashes = { schemaHash: "0".repeat(64), registryHash: "0".repeat(64) };

  it("names a domain type that clashes with a control plane type", async () => {
    const ir = await realDomain();
    const clash: ApiTypeDef = { kind: "object", name: "Graph", fields: [{ name: "id", type: { kind: "named", name: "ID" } }], node: true };
    expect(() => deriveApiSdl({ ...ir, types: [...ir.types, clash] }, hashes)).toThrow(
      new ApiDerivationError("the domain defines Graph, which the control plane API defines too; rename it in the schema"),
    );
  });

  it("names an attribute that clashes with a field every record has", async () => {
    const ir = await realDomain();
    const types = ir.types.map((type): ApiTypeDef =>
      type.name === "Task" && type.kind === "object"
        ? { ...type, fields: [...type.fields, { name: "kind", type: { kind: "named", name: "String" } }] }
        : type,
    );
    expect(() => deriveApiSdl({ ...ir, types }, hashes)).toThrow(/Task\.kind: every record type has a field "kind" already/);
  });
});

function argTypesOfInput(fields: Record<string, { type: unknown }>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, String(field.type)]));
}

