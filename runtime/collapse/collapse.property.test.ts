// Random sequences of overlay work and collapses, checked against a simple reference model: plain maps of
// records keyed by id, a full three-way comparison per collapse (no tries, no structural diff). After every
// step the system the kernel shows equals the model's system, its digest equals the from-scratch digest, and
// every collapse outcome (committed or which conflicts) is the one the model predicts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import { graphDigestFromScratch } from "../digest/from-scratch.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { Kernel } from "../kernel/kernel.js";
import { page_size_max } from "../kernel/limits.js";
import type { RewriteOp } from "../rewrite/index.js";

type AnyRecord = NodeRecord | EdgeRecord;
interface ModelView {
  nodes: Map<string, NodeRecord>;
  edges: Map<string, EdgeRecord>;
}
interface Conflict {
  reason: string;
  id: string;
  table: "node" | "edge";
}

type Action =
  | { type: "create" }
  | { type: "discard"; sws: number }
  | { type: "collapse"; sws: number }
  | { type: "work"; sws: number; verb: number; a: number; b: number; text: string };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ type: "create" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("discard" as const), sws: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("collapse" as const), sws: fc.nat() }) },
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant("work" as const),
      sws: fc.nat(),
      verb: fc.nat(6),
      a: fc.nat(),
      b: fc.nat(),
      text: fc.constantFrom("x", "y", "z", "w", "v"),
    }),
  },
);

function readView(kernel: Kernel, view: string): ModelView {
  const nodes = kernel.nodes(view, { first: page_size_max }).items;
  const edges = kernel.edges(view, { first: page_size_max }).items;
  return { nodes: new Map(nodes.map((n) => [n.id, n])), edges: new Map(edges.map((e) => [e.id, e])) };
}

const copy = (view: ModelView): ModelView => ({ nodes: new Map(view.nodes), edges: new Map(view.edges) });
const bytesOf = (record: AnyRecord | undefined): string =>
  record === undefined ? "" : Buffer.from(encodeCanonical(record as unknown as CanonicalValue)).toString("hex");

/** The model's collapse: every id either side knows, compared by content, then a scan for dangling edges. */
function modelCollapse(
  system: ModelView,
  base: ModelView,
  overlay: ModelView,
): { merged?: ModelView; conflicts: Conflict[] } {
  const conflicts: Conflict[] = [];
  const merged = copy(system);
  const overlayWrote = new Set<string>();
  for (const table of ["node", "edge"] as const) {
    const key = table === "node" ? "nodes" : "edges";
    const ids = new Set([...base[key].keys(), ...overlay[key].keys()]);
    for (const id of ids) {
      const b = bytesOf(base[key].get(id));
      const o = bytesOf(overlay[key].get(id));
      if (b === o) continue; // the overlay did not change it
      overlayWrote.add(id);
      const s = bytesOf(system[key].get(id));
      if (s === o) continue; // both sides ended equal
      if (b === "" && s !== "") conflicts.push({ reason: "EXISTS_DIFFERENT", id, table });
      else if (b !== "" && s !== b) conflicts.push({ reason: "CHANGED_IN_SYSTEM", id, table });
      else {
        const target = merged[key] as Map<string, AnyRecord>;
        const record = overlay[key].get(id);
        if (record === undefined) target.delete(id);
        else target.set(id, record);
      }
    }
  }
  if (conflicts.length > 0) return { conflicts };
  const dangling = new Map<string, Conflict>();
  for (const edge of merged.edges.values()) {
    const missing = [edge.from, edge.to].filter((id) => !merged.nodes.has(id));
    if (missing.length === 0) continue;
    if (overlayWrote.has(edge.id))
      dangling.set(`edge ${edge.id}`, { reason: "DANGLING_REFERENCE", id: edge.id, table: "edge" });
    else for (const id of missing) dangling.set(`node ${id}`, { reason: "DANGLING_REFERENCE", id, table: "node" });
  }
  if (dangling.size > 0) return { conflicts: [...dangling.values()] };
  return { merged, conflicts: [] };
}

const sortConflicts = (list: Conflict[]): Conflict[] =>
  [...list].sort((x, y) =>
    x.id !== y.id ? (x.id < y.id ? -1 : 1) : x.table < y.table ? -1 : x.table > y.table ? 1 : 0,
  );

function opFor(view: ModelView, action: Extract<Action, { type: "work" }>): RewriteOp {
  const tasks = [...view.nodes.keys()].sort();
  const edges = [...view.edges.keys()].sort();
  const create: RewriteOp = { op: "createTask", input: { title: `t${action.a % 2}`, intent: "i" } };
  const task = tasks[action.a % Math.max(1, tasks.length)];
  const other = tasks[action.b % Math.max(1, tasks.length)];
  switch (action.verb) {
    case 0:
    case 1:
      return create;
    case 2:
    case 3:
      return task === undefined ? create : { op: "retitleTask", input: { taskId: task, title: action.text } };
    case 4:
      return task === undefined ? create : { op: "deleteTask", input: { taskId: task } };
    case 5:
      return task === undefined || other === undefined
        ? create
        : { op: "addDependency", input: { taskId: task, dependsOnTaskId: other } };
    default: {
      const edge = edges[action.a % Math.max(1, edges.length)];
      return edge === undefined ? create : { op: "removeDependency", input: { dependencyId: edge } };
    }
  }
}

describe("collapse against a reference model", () => {
  it("commits exactly what the model merges and reports exactly the conflicts it predicts", () => {
    const stats = { committed: 0, conflicts: new Map<string, number>() };
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 20, maxLength: 60 }), (actions) => {
        const kernel = Kernel.create({ domain: taskDomain });
        let system: ModelView = { nodes: new Map(), edges: new Map() };
        const open = new Map<string, { base: ModelView; view: ModelView }>();
        const createOverlay = (): void => {
          const id = kernel.createSws();
          open.set(id, { base: copy(system), view: copy(system) });
        };
        createOverlay();
        for (const action of actions) {
          if (action.type === "create") {
            createOverlay();
            continue;
          }
          const ids = [...open.keys()];
          const sws = ids[action.sws % Math.max(1, ids.length)];
          if (sws === undefined) continue;
          const overlay = open.get(sws)!;
          if (action.type === "discard") {
            kernel.discardSws(sws);
            open.delete(sws);
          } else if (action.type === "work") {
            try {
              kernel.apply(sws, opFor(overlay.view, action));
            } catch {
              // Rejected ops (a delete of a task with edges) leave the overlay as it was; the model reads it back.
            }
            overlay.view = readView(kernel, `sws:${sws}`);
          } else {
            const expected = modelCollapse(system, overlay.base, overlay.view);
            const result = kernel.collapse(sws);
            if (expected.merged !== undefined) {
              expect(result.committed).toBe(true);
              system = expected.merged;
              open.delete(sws);
              stats.committed++;
            } else {
              expect(result.committed).toBe(false);
              const got = result.committed
                ? []
                : result.conflicts.map(({ reason, id, table }) => ({ reason, id, table }));
              expect(got).toEqual(sortConflicts(expected.conflicts));
              for (const c of got) stats.conflicts.set(c.reason, (stats.conflicts.get(c.reason) ?? 0) + 1);
            }
          }
          const shown = readView(kernel, "system");
          expect([...shown.nodes.keys()]).toEqual([...system.nodes.keys()].sort());
          expect([...shown.edges.keys()]).toEqual([...system.edges.keys()].sort());
          for (const [id, record] of shown.nodes) expect(bytesOf(record)).toBe(bytesOf(system.nodes.get(id)));
          for (const [id, record] of shown.edges) expect(bytesOf(record)).toBe(bytesOf(system.edges.get(id)));
          const digest = graphDigestFromScratch([...shown.nodes.values()], [...shown.edges.values()]);
          expect(kernel.graph("system").digest).toBe(digest);
        }
      }),
      { seed: 20261201, numRuns: 200 },
    );
    // The generator has to reach every outcome, or the property says little.
    expect(stats.committed).toBeGreaterThan(100);
    if (process.env.DEBUG_COLLAPSE_STATS) console.log(stats);
    for (const reason of ["EXISTS_DIFFERENT", "CHANGED_IN_SYSTEM", "DANGLING_REFERENCE"]) {
      expect(stats.conflicts.get(reason) ?? 0, reason).toBeGreaterThan(5);
    }
  });
});
