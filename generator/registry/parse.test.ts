import { describe, expect, it } from "vitest";
import type { DeclaredKinds } from "./coverage.js";
import { checkRegistryCoverage } from "./coverage.js";
import { parseRegistry } from "./parse.js";

const FILE = "schema/kinds.yaml";

describe("parseRegistry", () => {
  it("reads flow and block mappings, empty sections and retired items, sorted", () => {
    const parsed = parseRegistry(
      [
        "registry: demo",
        "version: 2",
        "nodes: { Task: 2, Project: 1 }",
        "edges:",
        "ops:",
        "  createTask: 1",
        "retired:",
        "  - { namespace: ops, name: oldOp, id: 3 }",
        "  - { namespace: nodes, name: Epic, id: 3, reason: merged }",
        "",
      ].join("\n"),
      FILE,
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.registry).toEqual({
      name: "demo",
      version: 2,
      nodes: [
        { name: "Project", id: 1 },
        { name: "Task", id: 2 },
      ],
      edges: [],
      ops: [{ name: "createTask", id: 1 }],
      retired: [
        { namespace: "nodes", name: "Epic", id: 3, reason: "merged" },
        { namespace: "ops", name: "oldOp", id: 3 },
      ],
    });
    expect(parsed.locations.get("@registry.nodes.Project")).toEqual({ file: FILE, line: 3, column: 19 });
    expect(parsed.locations.get("@registry.ops.createTask")).toEqual({ file: FILE, line: 6, column: 3 });
    expect(parsed.locations.get("@registry.retired.nodes.Epic")).toEqual({ file: FILE, line: 9, column: 5 });
  });

  it("allows the same id in different namespaces", () => {
    expect(parseRegistry("registry: r\nversion: 1\nnodes: { A: 1 }\nedges: { B: 1 }\nops: { c: 1 }\n", FILE).diagnostics).toEqual([]);
  });

  it("names a repeated key and its section, at the repeat", () => {
    const diagnostics = parseRegistry("registry: r\nversion: 1\nnodes:\n  Task: 1\n  Task: 2\nops: { a: 1, a: 2 }\n", FILE).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.message, d.location])).toEqual([
      ["WESLEY_REGISTRY_DUPLICATE_NAME", 'kinds.yaml: nodes: "Task" appears twice', { file: FILE, line: 5, column: 3 }],
      ["WESLEY_REGISTRY_DUPLICATE_NAME", 'kinds.yaml: ops: "a" appears twice', { file: FILE, line: 6, column: 14 }],
    ]);
  });

  it("rejects a document that is not a mapping", () => {
    expect(parseRegistry("- a\n- b\n", FILE).diagnostics.map((d) => d.code)).toEqual(["WESLEY_REGISTRY_INVALID_VALUE"]);
  });
});

describe("checkRegistryCoverage", () => {
  const at = { file: "schema/a.graphql", line: 1, column: 6 };
  const declared = (nodes: string[]): DeclaredKinds => ({ nodes: new Map(nodes.map((n) => [n, at])), edges: new Map(), ops: new Map() });

  it("suggests the next free id, counting retired ids", () => {
    const parsed = parseRegistry("registry: r\nversion: 1\nnodes: { A: 1 }\nretired:\n  - { namespace: nodes, name: Old, id: 7 }\n", FILE);
    const ds = checkRegistryCoverage(parsed, declared(["A", "B"]), FILE);
    expect(ds.map((d) => d.code)).toEqual(["WESLEY_REGISTRY_MISSING_ID"]);
    expect(ds[0]?.hint).toContain("`B: 8` under `nodes:`");
  });

  it("tells a retired name apart from a new kind", () => {
    const parsed = parseRegistry("registry: r\nversion: 1\nnodes: {}\nretired:\n  - { namespace: nodes, name: Old, id: 1 }\n", FILE);
    const ds = checkRegistryCoverage(parsed, declared(["Old"]), FILE);
    expect(ds[0]?.hint).toContain("was retired");
  });
});
