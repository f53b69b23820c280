// Planning a collapse: what the overlay changed since its base snapshot, checked against what the system holds
// now, turned into primitive mutations of the system graph. Planning reads only; the kernel commits the plan in
// one step (all of it) or records the conflicts (none of it).
//
// Both diffs are structural (GraphState.changesSince): O(changes x depth), never O(graph).
import type { GraphSnapshot, GraphState } from "../graph/graph-state.js";
import { GraphState as GraphStateClass } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import type { TableChange } from "../graph/index.js";
import type { Mutation } from "../rewrite/index.js";
import { PendingView } from "../rewrite/pending-view.js";
import type { CollapseConflict } from "./conflict.js";
import { compareConflicts } from "./conflict.js";

/** How many records of each table the merge inserted, replaced and removed in the system graph. */
export interface CollapseChanges {
  readonly nodesInserted: number;
  readonly nodesReplaced: number;
  readonly nodesRemoved: number;
  readonly edgesInserted: number;
  readonly edgesReplaced: number;
  readonly edgesRemoved: number;
}

export type CollapsePlan =
  | {
      readonly ok: true;
      /**
       * True when the system has not changed since the overlay's snapshot: the merge's result is then the overlay
       * itself, and committing is `system.adopt(overlay)` instead of applying `mutations` (which is empty).
       */
      readonly adoptOverlay: boolean;
      readonly mutations: readonly Mutation[];
      readonly changes: CollapseChanges;
    }
  | { readonly ok: false; readonly conflicts: readonly CollapseConflict[] };

interface Tables {
  readonly system: GraphState;
  readonly base: GraphState;
  readonly overlay: GraphState;
}

/** One table's side of the merge: how to read a record and its hash in each version. */
interface TableAccess<R> {
  readonly table: "node" | "edge";
  get(state: GraphState, id: string): R | undefined;
  hash(state: GraphState, id: string): Uint8Array | undefined;
}

const node_access: TableAccess<NodeRecord> = {
  table: "node",
  get: (state, id) => state.node(id),
  hash: (state, id) => state.nodeRecordHash(id),
};

const edge_access: TableAccess<EdgeRecord> = {
  table: "edge",
  get: (state, id) => state.edge(id),
  hash: (state, id) => state.edgeRecordHash(id),
};

/** What the merge does to one record of the system. */
type Step<R> =
  | { readonly type: "insert"; readonly record: R; readonly hash: Uint8Array }
  | { readonly type: "replace"; readonly record: R; readonly hash: Uint8Array }
  | { readonly type: "remove"; readonly id: string };

export function planCollapse(system: GraphState, base: GraphSnapshot, overlay: GraphState): CollapsePlan {
  const changes = overlay.changesSince(base);
  if (system.isAt(base)) {
    // The three-way rule with system = base takes every overlay change, meets no conflict and leaves no dangling
    // reference (the overlay is a consistent graph): the result is the overlay, whatever it changed.
    return { ok: true, adoptOverlay: true, mutations: [], changes: countDiff(changes.nodes, changes.edges) };
  }
  const tables: Tables = { system, base: GraphStateClass.fromSnapshot(base), overlay };
  const conflicts: CollapseConflict[] = [];
  const nodeSteps = mergeTable(tables, node_access, changes.nodes, conflicts);
  const edgeSteps = mergeTable(tables, edge_access, changes.edges, conflicts);
  // Content conflicts first: a dangling-reference check on a merge that cannot happen would only add noise.
  if (conflicts.length > 0) return { ok: false, conflicts: conflicts.sort(compareConflicts) };
  const mutations = orderMutations(nodeSteps, edgeSteps);
  const dangling = findDangling(system, mutations);
  if (dangling.length > 0) return { ok: false, conflicts: dangling.sort(compareConflicts) };
  return { ok: true, adoptOverlay: false, mutations, changes: countChanges(nodeSteps, edgeSteps) };
}

/**
 * The three-way rule per record (base = the overlay's snapshot, system = now, overlay = the overlay's result):
 * the overlay's change applies when the system still holds what the base held; when the system moved too, the
 * change is fine only if both sides ended equal (same record hash, or both removed), and a conflict otherwise.
 */
function mergeTable<R extends { readonly id: string }>(
  tables: Tables,
  access: TableAccess<R>,
  changes: readonly TableChange<R>[],
  conflicts: CollapseConflict[],
): Step<R>[] {
  const steps: Step<R>[] = [];
  for (const change of changes) {
    const id = change.id;
    const systemHash = access.hash(tables.system, id);
    const overlayHash = change.after === undefined ? undefined : access.hash(tables.overlay, id)!;
    const converged = sameHash(systemHash, overlayHash);
    if (change.before === undefined) {
      // The overlay created it. Same id and same content in the system is the same fact (ADR 0020): nothing to do.
      if (systemHash === undefined) steps.push({ type: "insert", record: change.after!, hash: overlayHash! });
      else if (!converged) conflicts.push({ reason: "EXISTS_DIFFERENT", id, table: access.table, related: [] });
      continue;
    }
    const systemUnchanged = sameHash(systemHash, access.hash(tables.base, id));
    if (!systemUnchanged) {
      if (!converged) conflicts.push({ reason: "CHANGED_IN_SYSTEM", id, table: access.table, related: [] });
      continue;
    }
    steps.push(
      change.after === undefined
        ? { type: "remove", id }
        : { type: "replace", record: change.after, hash: overlayHash! },
    );
  }
  return steps;
}

function sameHash(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/**
 * An order in which every primitive mutation is legal: edges leave before the nodes they touch may go, nodes
 * arrive before the edges that point at them. Within a group, id order (the diff's order).
 */
function orderMutations(nodeSteps: readonly Step<NodeRecord>[], edgeSteps: readonly Step<EdgeRecord>[]): Mutation[] {
  const out: Mutation[] = [];
  for (const step of edgeSteps) if (step.type === "remove") out.push({ type: "removeEdge", id: step.id });
  for (const step of nodeSteps) {
    if (step.type === "insert") out.push({ type: "insertNode", record: step.record, hash: step.hash });
    else if (step.type === "replace") out.push({ type: "replaceNode", record: step.record, hash: step.hash });
  }
  for (const step of edgeSteps) {
    if (step.type === "insert") out.push({ type: "insertEdge", record: step.record, hash: step.hash });
    else if (step.type === "replace") out.push({ type: "replaceEdge", record: step.record, hash: step.hash });
  }
  for (const step of nodeSteps) if (step.type === "remove") out.push({ type: "removeNode", id: step.id });
  return out;
}

/** Walks the mutations over the system as it is, and reports every edge or node removal that would dangle. */
function findDangling(system: GraphState, mutations: readonly Mutation[]): CollapseConflict[] {
  const view = new PendingView(system);
  const found: CollapseConflict[] = [];
  for (const mutation of mutations) {
    switch (mutation.type) {
      case "removeEdge":
        view.deleteEdge(view.edge(mutation.id)!);
        break;
      case "insertNode":
      case "replaceNode":
        view.putNode(mutation.record);
        break;
      case "insertEdge":
      case "replaceEdge": {
        const { record } = mutation;
        const missing = [record.from, record.to].filter((id, i, all) => all.indexOf(id) === i && !view.node(id));
        if (missing.length > 0) {
          found.push({ reason: "DANGLING_REFERENCE", id: record.id, table: "edge", related: missing.sort() });
        }
        view.putEdge(record, mutation.type === "insertEdge");
        break;
      }
      case "removeNode":
        if (view.incidentEdgeCount(mutation.id) > 0) {
          found.push({ reason: "DANGLING_REFERENCE", id: mutation.id, table: "node", related: [] });
        }
        view.deleteNode(mutation.id);
        break;
    }
  }
  return found;
}

function countChanges(nodeSteps: readonly Step<NodeRecord>[], edgeSteps: readonly Step<EdgeRecord>[]): CollapseChanges {
  const count = (steps: readonly Step<unknown>[], type: Step<unknown>["type"]): number =>
    steps.reduce((sum, step) => sum + (step.type === type ? 1 : 0), 0);
  return {
    nodesInserted: count(nodeSteps, "insert"),
    nodesReplaced: count(nodeSteps, "replace"),
    nodesRemoved: count(nodeSteps, "remove"),
    edgesInserted: count(edgeSteps, "insert"),
    edgesReplaced: count(edgeSteps, "replace"),
    edgesRemoved: count(edgeSteps, "remove"),
  };
}

/** The counts `countChanges` gives for a merge that takes every change: what the diff inserted, replaced, removed. */
function countDiff(
  nodeChanges: readonly TableChange<NodeRecord>[],
  edgeChanges: readonly TableChange<EdgeRecord>[],
): CollapseChanges {
  const count = (changes: readonly TableChange<NodeRecord | EdgeRecord>[], type: Step<unknown>["type"]): number =>
    changes.reduce((sum, change) => sum + (changeType(change) === type ? 1 : 0), 0);
  return {
    nodesInserted: count(nodeChanges, "insert"),
    nodesReplaced: count(nodeChanges, "replace"),
    nodesRemoved: count(nodeChanges, "remove"),
    edgesInserted: count(edgeChanges, "insert"),
    edgesReplaced: count(edgeChanges, "replace"),
    edgesRemoved: count(edgeChanges, "remove"),
  };
}

function changeType(change: TableChange<NodeRecord | EdgeRecord>): Step<unknown>["type"] {
  if (change.before === undefined) return "insert";
  return change.after === undefined ? "remove" : "replace";
}
