// The incremental digest (cached Merkle trie) must equal the from-scratch definition after every step of any op
// sequence, on a base graph and on overlays forked from it, and must not depend on insertion order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GraphState } from "../graph/graph-state.js";
import type { GraphSnapshot } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { graphDigestFromScratch } from "./from-scratch.js";
import { encodeEdgeRecordHash, encodeNodeRecordHash } from "./spec.js";

const seed = 20261123;

/**
 * Ids drawn from a small alphabet of prefixes, so that many share 1-4 leading digits: that forces leaf splits,
 * deep paths and merges back, which uniformly random ids would hardly reach in a short run. The 14-digit prefix
 * makes ids whose 13-digit sort keys tie inside a leaf (record-table.ts orders those by the full id).
 */
const idArb = fc
  .tuple(
    fc.constantFrom("", "a", "a7", "a7f", "a7f0", "0", "ff", "c0ffee0c0ffee0"),
    fc.stringMatching(/^[0-9a-f]{64}$/),
  )
  .map(([prefix, tail]) => (prefix + tail).slice(0, 64));

type Step =
  | { type: "putNode"; id: string; value: number }
  | { type: "removeNode"; pick: number }
  | { type: "updateNode"; pick: number; value: number }
  | { type: "updateEdge"; pick: number; value: number }
  | { type: "putEdge"; id: string; from: number; to: number; value: number }
  | { type: "removeEdge"; pick: number }
  | { type: "fork" }
  | { type: "switch"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant("putNode" as const), id: idArb, value: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("removeNode" as const), pick: fc.nat() }) },
  // Random ids almost never repeat, so updates of existing records need steps of their own.
  { weight: 3, arbitrary: fc.record({ type: fc.constant("updateNode" as const), pick: fc.nat(), value: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("updateEdge" as const), pick: fc.nat(), value: fc.nat(3) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("putEdge" as const),
      id: idArb,
      from: fc.nat(),
      to: fc.nat(),
      value: fc.nat(3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("removeEdge" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("fork" as const) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("switch" as const), pick: fc.nat() }) },
);

/** The reference model: plain maps, no sharing, no caching. */
interface ModelView {
  state: GraphState;
  nodes: Map<string, NodeRecord>;
  edges: Map<string, EdgeRecord>;
  /** For forks: the snapshot and the model as they were at the fork. */
  base?: { snapshot: GraphSnapshot; nodes: Map<string, NodeRecord>; edges: Map<string, EdgeRecord> };
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, value]) => value);
}

function refsOf(view: ModelView, nodeId: string): number {
  let count = 0;
  for (const edge of view.edges.values()) count += Number(edge.from === nodeId) + Number(edge.to === nodeId);
  return count;
}

function applyStep(views: ModelView[], current: number, step: Step): number {
  const view = views[current]!;
  const nodeIds = sortedValues(view.nodes).map((node) => node.id);
  switch (step.type) {
    case "putNode": {
      const record: NodeRecord = { id: step.id, kind: "k", attrs: { v: step.value } };
      if (view.nodes.has(step.id)) view.state.replaceNode(record, encodeNodeRecordHash(record).hash);
      else view.state.insertNode(record, encodeNodeRecordHash(record).hash);
      view.nodes.set(step.id, record);
      return current;
    }
    case "updateNode": {
      const id = nodeIds[step.pick % Math.max(nodeIds.length, 1)];
      return id === undefined ? current : applyStep(views, current, { type: "putNode", id, value: step.value });
    }
    case "updateEdge": {
      const edge = sortedValues(view.edges)[step.pick % Math.max(view.edges.size, 1)];
      if (edge === undefined) return current;
      return applyStep(views, current, { type: "putEdge", id: edge.id, from: 0, to: 0, value: step.value });
    }
    case "removeNode": {
      const free = nodeIds.filter((id) => refsOf(view, id) === 0);
      const id = free[step.pick % Math.max(free.length, 1)];
      if (id === undefined) return current;
      view.state.removeNode(id);
      view.nodes.delete(id);
      return current;
    }
    case "putEdge": {
      const from = nodeIds[step.from % Math.max(nodeIds.length, 1)];
      const to = nodeIds[step.to % Math.max(nodeIds.length, 1)];
      if (from === undefined || to === undefined) return current;
      const old = view.edges.get(step.id);
      const record: EdgeRecord = {
        id: step.id,
        kind: "e",
        from: old?.from ?? from,
        to: old?.to ?? to,
        attrs: { v: step.value },
      };
      if (old !== undefined) view.state.replaceEdge(record, encodeEdgeRecordHash(record).hash);
      else view.state.insertEdge(record, encodeEdgeRecordHash(record).hash);
      view.edges.set(step.id, record);
      return current;
    }
    case "removeEdge": {
      const ids = sortedValues(view.edges).map((edge) => edge.id);
      const id = ids[step.pick % Math.max(ids.length, 1)];
      if (id === undefined) return current;
      view.state.removeEdge(id);
      view.edges.delete(id);
      return current;
    }
    case "fork": {
      const snapshot = view.state.snapshot();
      views.push({
        state: GraphState.fromSnapshot(snapshot),
        nodes: new Map(view.nodes),
        edges: new Map(view.edges),
        base: { snapshot, nodes: new Map(view.nodes), edges: new Map(view.edges) },
      });
      return views.length - 1;
    }
    case "switch":
      return step.pick % views.length;
  }
}

function modelDiff<R extends { id: string }>(before: Map<string, R>, after: Map<string, R>) {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids
    .filter((id) => JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)))
    .map((id) => ({ id, before: before.get(id), after: after.get(id) }));
}

function expectMatchesModel(view: ModelView): void {
  expect(view.state.digest()).toBe(graphDigestFromScratch(sortedValues(view.nodes), sortedValues(view.edges)));
  expect(view.state.nodeCount).toBe(view.nodes.size);
  expect(view.state.edgeCount).toBe(view.edges.size);
  // Content, not just the cached digest: a write leaking in from another view would show here.
  expect(view.state.nodesAfter(null, view.nodes.size + 1)).toEqual(sortedValues(view.nodes));
  expect(view.state.edgesAfter(null, view.edges.size + 1)).toEqual(sortedValues(view.edges));
}

describe("incremental graph digest", () => {
  it("equals the from-scratch digest after every step, on a base graph and on forks of it", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 40, maxLength: 200 }), (steps) => {
        const views: ModelView[] = [{ state: GraphState.empty(), nodes: new Map(), edges: new Map() }];
        let current = 0;
        for (const step of steps) {
          current = applyStep(views, current, step);
          expectMatchesModel(views[current]!);
        }
        // Writes after a fork must not have leaked into any other view: each still matches its own model.
        for (const view of views) expectMatchesModel(view);
        for (const view of views) {
          for (const node of view.nodes.values()) {
            expect(view.state.incidentEdgeCount(node.id)).toBe(refsOf(view, node.id));
          }
          if (view.base === undefined) continue;
          // What collapse will merge: exactly the records that differ from the base, in id order.
          const changes = view.state.changesSince(view.base.snapshot);
          expect(changes.nodes).toEqual(modelDiff(view.base.nodes, view.nodes));
          expect(changes.edges).toEqual(modelDiff(view.base.edges, view.edges));
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it("does not depend on the order records were inserted in", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { minLength: 0, maxLength: 120, size: "large" }),
        fc.func(fc.integer()),
        (ids, order) => {
          const records = ids.map((id, i): NodeRecord => ({ id, kind: "k", attrs: { i } }));
          const shuffled = records
            .map((record, i) => ({ record, key: order(i) }))
            .sort((a, b) => a.key - b.key || (a.record.id < b.record.id ? -1 : 1))
            .map(({ record }) => record);
          const inOrder = GraphState.empty();
          for (const record of records) inOrder.insertNode(record, encodeNodeRecordHash(record).hash);
          const reordered = GraphState.empty();
          for (const record of shuffled) {
            reordered.insertNode(record, encodeNodeRecordHash(record).hash);
            reordered.digest(); // hash between inserts too, so cached hashes are exercised, not just one final pass
          }
          expect(reordered.digest()).toBe(inOrder.digest());
          expect(reordered.nodesAfter(null, 1000)).toEqual(inOrder.nodesAfter(null, 1000));
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it("pages through every record once, in id order, whatever the page size", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { maxLength: 150, size: "large" }),
        fc.integer({ min: 1, max: 40 }),
        (ids, pageSize) => {
          const state = GraphState.empty();
          for (const id of ids) {
            const record: NodeRecord = { id, kind: "k", attrs: {} };
            state.insertNode(record, encodeNodeRecordHash(record).hash);
          }
          const seen: string[] = [];
          let after: string | null = null;
          for (;;) {
            const page = state.nodesAfter(after, pageSize);
            seen.push(...page.map((node) => node.id));
            if (page.length < pageSize) break;
            after = page[page.length - 1]!.id;
          }
          expect(seen).toEqual([...ids].sort());
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});
