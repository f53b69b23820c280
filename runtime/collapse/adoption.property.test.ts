// A collapse onto a system that has not changed since the overlay's snapshot adopts the overlay's tables instead of
// merging record by record (docs/adr/0076-collapse-by-adoption.md). It must be indistinguishable from the merge:
// same records, same digest, same change counts in the receipt. The merge is forced here by planning against a
// copy of the system rebuilt from its records (equal content, different objects, so not "unchanged").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphDigestFromScratch } from "../digest/from-scratch.js";
import { encodeEdgeRecordHash, encodeNodeRecordHash } from "../digest/spec.js";
import { GraphState } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { commitMutations } from "../rewrite/index.js";
import { planCollapse } from "./plan-collapse.js";

const id = (n: number, salt: string): string => (salt + n.toString(16)).padStart(64, "0").slice(-64);
const nodeRecord = (n: number, title: string): NodeRecord => ({ id: id(n, "a"), kind: "task", attrs: { title } });
const edgeRecord = (n: number, from: string, to: string): EdgeRecord => ({
  id: id(n, "e"),
  kind: "dependsOn",
  from,
  to,
  attrs: {},
});

type Step =
  | { type: "put"; n: number; title: string }
  | { type: "link"; n: number; a: number; b: number }
  | { type: "unlink"; pick: number }
  | { type: "drop"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant("put" as const), n: fc.nat(120), title: fc.constantFrom("x", "y", "z") }),
  fc.record({ type: fc.constant("link" as const), n: fc.nat(40), a: fc.nat(), b: fc.nat() }),
  fc.record({ type: fc.constant("unlink" as const), pick: fc.nat() }),
  fc.record({ type: fc.constant("drop" as const), pick: fc.nat() }),
);

/** Applies `steps` to `state` as a consistent graph (edges only between present nodes, no node removed with edges). */
function work(state: GraphState, steps: readonly Step[]): void {
  for (const step of steps) {
    const nodes = state.nodesAfter(null, 1000);
    const edges = state.edgesAfter(null, 1000);
    if (step.type === "put") {
      const record = nodeRecord(step.n, step.title);
      const hash = encodeNodeRecordHash(record).hash;
      if (state.node(record.id) === undefined) state.insertNode(record, hash);
      else state.replaceNode(record, hash);
    } else if (step.type === "link" && nodes.length > 0) {
      const record = edgeRecord(step.n, nodes[step.a % nodes.length]!.id, nodes[step.b % nodes.length]!.id);
      if (state.edge(record.id) === undefined) state.insertEdge(record, encodeEdgeRecordHash(record).hash);
    } else if (step.type === "unlink" && edges.length > 0) {
      state.removeEdge(edges[step.pick % edges.length]!.id);
    } else if (step.type === "drop" && nodes.length > 0) {
      const node = nodes[step.pick % nodes.length]!;
      if (state.incidentEdgeCount(node.id) === 0) state.removeNode(node.id);
    }
  }
}

/** The same records in new objects: equal content, not the same tables. */
function rebuilt(state: GraphState): GraphState {
  const nodes = state.nodesAfter(null, 1000);
  const edges = state.edgesAfter(null, 1000);
  return GraphState.fromSortedRecords(
    nodes,
    nodes.map((record) => encodeNodeRecordHash(record).hash),
    edges,
    edges.map((record) => encodeEdgeRecordHash(record).hash),
  );
}

function contents(state: GraphState) {
  return { digest: state.digest(), nodes: state.nodesAfter(null, 1000), edges: state.edgesAfter(null, 1000) };
}

describe("collapse by adoption", () => {
  it("gives the merge's records, digest and change counts", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.array(stepArb, { maxLength: 40 }),
        (before, during) => {
          const system = GraphState.empty();
          work(system, before);
          // Two empty tables are the same shared object, rebuilt or not: the merge cannot be forced on them.
          fc.pre(system.nodeCount > 0);
          const base = system.snapshot();
          const overlay = GraphState.fromSnapshot(base);
          work(overlay, during);

          const merged = rebuilt(system);
          const mergePlan = planCollapse(merged, base, overlay);
          const adoptPlan = planCollapse(system, base, overlay);
          if (!mergePlan.ok || !adoptPlan.ok) throw new Error("a collapse onto an unchanged system must commit");
          expect(mergePlan.adoptOverlay).toBe(false);
          expect(adoptPlan.adoptOverlay).toBe(true);
          expect(adoptPlan.changes).toEqual(mergePlan.changes);

          commitMutations(merged, mergePlan.mutations);
          system.adopt(overlay);
          const adopted = contents(system);
          expect(adopted).toEqual(contents(merged));
          expect(adopted.digest).toBe(graphDigestFromScratch(adopted.nodes, adopted.edges));
        },
      ),
      { seed: 76, numRuns: 150 },
    );
  });

  it("leaves the system and the adopted overlay independent of each other's later writes", () => {
    const system = GraphState.empty();
    work(system, [{ type: "put", n: 1, title: "x" }]);
    const base = system.snapshot();
    const overlay = GraphState.fromSnapshot(base);
    work(overlay, [
      { type: "put", n: 2, title: "y" },
      { type: "link", n: 1, a: 0, b: 1 },
    ]);
    const plan = planCollapse(system, base, overlay);
    expect(plan.ok && plan.adoptOverlay).toBe(true);
    system.adopt(overlay);
    const adopted = contents(system);

    // Writes on either side after the adoption copy the nodes they share instead of changing them in place.
    work(overlay, [{ type: "put", n: 3, title: "z" }]);
    expect(contents(system)).toEqual(adopted);
    work(system, [{ type: "put", n: 2, title: "z" }]);
    expect(overlay.node(id(2, "a"))?.attrs).toEqual({ title: "y" });
    expect(overlay.node(id(3, "a"))).toBeDefined();
    expect(system.node(id(3, "a"))).toBeUndefined();
    for (const state of [system, overlay]) {
      const { digest, nodes, edges } = contents(state);
      expect(digest).toBe(graphDigestFromScratch(nodes, edges));
    }
  });

  it("merges record by record once the system has changed since the snapshot", () => {
    const system = GraphState.empty();
    const base = system.snapshot();
    const overlay = GraphState.fromSnapshot(base);
    work(overlay, [{ type: "put", n: 1, title: "x" }]);
    work(system, [{ type: "put", n: 2, title: "y" }]);
    const plan = planCollapse(system, base, overlay);
    expect(plan.ok && !plan.adoptOverlay).toBe(true);
  });
});
