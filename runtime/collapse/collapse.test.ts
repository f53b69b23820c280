// Collapse through the kernel: success changes the system deterministically; each conflict kind changes nothing
// but history; the attempt, the commit and its receipt are history entries that replay reproduces.
import { describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { graphDigestFromScratch } from "../digest/from-scratch.js";
import { KernelError } from "../errors/index.js";
import { Kernel } from "../kernel/kernel.js";
import type { HistoryEntry } from "../kernel/history.js";
import { page_size_max } from "../kernel/limits.js";
import type { RewriteOp } from "../rewrite/index.js";

const createTask = (title: string): RewriteOp => ({ op: "createTask", input: { title, intent: "FixBug" } });
const retitle = (taskId: string, title: string): RewriteOp => ({ op: "retitleTask", input: { taskId, title } });
const deleteTask = (taskId: string): RewriteOp => ({ op: "deleteTask", input: { taskId } });
const depends = (taskId: string, dependsOnTaskId: string): RewriteOp => ({
  op: "addDependency",
  input: { taskId, dependsOnTaskId },
});

function fresh(): Kernel {
  return Kernel.create({ domain: taskDomain });
}

/** Puts tasks into the system through an overlay and a collapse; returns their ids. */
function seedSystem(kernel: Kernel, titles: readonly string[]): string[] {
  const sws = kernel.createSws();
  const ids = kernel.apply(sws, titles.map(createTask)).created.map((record) => record.id);
  const result = kernel.collapse(sws);
  expect(result.committed).toBe(true);
  return ids;
}

function viewContents(kernel: Kernel, view: string) {
  return {
    graph: kernel.graph(view),
    nodes: kernel.nodes(view, { first: page_size_max }).items,
    edges: kernel.edges(view, { first: page_size_max }).items,
  };
}

function lastEntry(kernel: Kernel): HistoryEntry {
  return kernel.rewrites({ after: kernel.nextIdx - 2, first: 1 }).items[0]!;
}

describe("collapse", () => {
  it("merges an overlay into the system as one commit record with a receipt", () => {
    const kernel = fresh();
    const emptyDigest = kernel.graph("system").digest;
    const sws = kernel.createSws();
    kernel.apply(sws, createTask("a"));
    kernel.apply(sws, [createTask("b"), createTask("c")]);
    const overlay = viewContents(kernel, `sws:${sws}`);
    const result = kernel.collapse(sws, { who: "test" });
    expect(result.committed).toBe(true);
    const system = viewContents(kernel, "system");
    // The system now shows exactly what the overlay showed, and the receipt says so.
    expect(system.nodes).toEqual(overlay.nodes);
    expect(system.graph.digest).toBe(overlay.graph.digest);
    expect(system.graph.digest).toBe(graphDigestFromScratch(system.nodes, system.edges));
    // History idx 3 (after create and two rewrites); the system view's first rewrite (ADR 0028).
    expect(result.idx).toBe(3);
    expect(result.receipt).toEqual({
      rewriteIdx: 0,
      view: "system",
      viewDigest: system.graph.digest,
      committed: true,
      baseDigest: emptyDigest,
      overlayDigest: overlay.graph.digest,
      rewritesMerged: 2,
      opsMerged: 3,
      changes: {
        nodesInserted: 3,
        nodesReplaced: 0,
        nodesRemoved: 0,
        edgesInserted: 0,
        edgesReplaced: 0,
        edgesRemoved: 0,
      },
    });
    // COLLAPSE is an event: the entry pages under the overlay and under the system.
    const entry = lastEntry(kernel);
    expect(entry).toMatchObject({ type: "sws.collapse", view: `sws:${sws}`, committed: true, meta: { who: "test" } });
    expect(kernel.rewrites({ view: "system" }).items.map((item) => item.idx)).toEqual([3]);
    expect(kernel.rewrites({ view: `sws:${sws}` }).items.map((item) => item.type)).toEqual([
      "sws.create",
      "rewrite",
      "rewrite",
      "sws.collapse",
    ]);
    expect(kernel.listSws()[0]).toMatchObject({ state: "COLLAPSED", collapsedAtIdx: 3, rewriteCount: 2, opCount: 3 });
    expect(() => kernel.apply(sws, createTask("late"))).toThrow(/was collapsed into the system at idx 3/);
    expect(() => kernel.collapse(sws)).toThrow(KernelError);
  });

  it("gives the same system digest for the same history, whatever the process", () => {
    const run = () => {
      const kernel = fresh();
      const [a, b] = seedSystem(kernel, ["a", "b"]);
      const sws = kernel.createSws();
      kernel.apply(sws, [retitle(a!, "a2"), depends(a!, b!)]);
      return kernel.collapse(sws).receipt;
    };
    expect(run()).toEqual(run());
  });

  it("updates and deletes made in an overlay reach the system, in an order where every step is legal", () => {
    const kernel = fresh();
    const [a, b, c] = seedSystem(kernel, ["a", "b", "c"]);
    const edgeSws = kernel.createSws();
    kernel.apply(edgeSws, depends(a!, b!));
    expect(kernel.collapse(edgeSws).committed).toBe(true);
    const edgeId = kernel.edges("system").items[0]!.id;
    // One overlay removes the edge and then node b, retitles a, adds a dependency a -> c.
    const sws = kernel.createSws();
    kernel.apply(sws, [{ op: "removeDependency", input: { dependencyId: edgeId } }, deleteTask(b!)]);
    kernel.apply(sws, [retitle(a!, "a2"), depends(a!, c!)]);
    const overlay = viewContents(kernel, `sws:${sws}`);
    const result = kernel.collapse(sws);
    expect(result.committed && result.receipt.changes).toEqual({
      nodesInserted: 0,
      nodesReplaced: 1,
      nodesRemoved: 1,
      edgesInserted: 1,
      edgesReplaced: 0,
      edgesRemoved: 1,
    });
    expect(viewContents(kernel, "system")).toEqual({ ...overlay, graph: { ...overlay.graph, view: "system" } });
  });

  it("a conflict changes nothing but history: CHANGED_IN_SYSTEM", () => {
    const kernel = fresh();
    const [a, b] = seedSystem(kernel, ["a", "b"]);
    const first = kernel.createSws();
    const second = kernel.createSws();
    kernel.apply(first, retitle(a!, "from first"));
    kernel.apply(second, [retitle(b!, "fine"), retitle(a!, "from second")]);
    expect(kernel.collapse(first).committed).toBe(true);
    const system = viewContents(kernel, "system");
    const overlay = viewContents(kernel, `sws:${second}`);
    const idx = kernel.nextIdx;
    const result = kernel.collapse(second, { attempt: 1 });
    expect(result).toMatchObject({
      committed: false,
      code: "CONFLICT",
      conflictCount: 1,
      conflicts: [{ reason: "CHANGED_IN_SYSTEM", id: a, table: "node", related: [] }],
      ids: [a],
    });
    expect(result.committed === false && result.message).toContain(`node ${a}`);
    // Nothing of the overlay was merged (not even the non-conflicting retitle of b), the overlay is untouched
    // and still open, and the attempt is one history entry with an unchanged system digest.
    expect(viewContents(kernel, "system")).toEqual(system);
    expect(viewContents(kernel, `sws:${second}`)).toEqual(overlay);
    expect(kernel.listSws()[2]!.state).toBe("OPEN");
    expect(kernel.nextIdx).toBe(idx + 1);
    // seedSystem's collapse and the first overlay's were the system's rewrites 0 and 1; a conflict does not count.
    expect(result.idx).toBe(idx);
    expect(result.receipt).toMatchObject({ rewriteIdx: 2, viewDigest: system.graph.digest, committed: false });
    expect(lastEntry(kernel)).toMatchObject({ type: "sws.collapse", committed: false, meta: { attempt: 1 } });
    // A deletion against a concurrent update conflicts the same way.
    const third = kernel.createSws();
    const fourth = kernel.createSws();
    kernel.apply(third, retitle(b!, "b2"));
    kernel.apply(fourth, deleteTask(b!));
    expect(kernel.collapse(third).committed).toBe(true);
    expect(kernel.collapse(fourth)).toMatchObject({
      committed: false,
      conflicts: [{ reason: "CHANGED_IN_SYSTEM", id: b }],
    });
  });

  it("a conflict: EXISTS_DIFFERENT, and the same creation on both sides is the same fact", () => {
    const kernel = fresh();
    const first = kernel.createSws();
    const second = kernel.createSws();
    const third = kernel.createSws();
    // Same op on the same snapshot: the same record id in all three overlays (ADR 0020).
    const id = kernel.apply(first, createTask("same")).created[0]!.id;
    expect(kernel.apply(second, createTask("same")).created[0]!.id).toBe(id);
    expect(kernel.apply(third, createTask("same")).created[0]!.id).toBe(id);
    kernel.apply(first, retitle(id, "changed in first"));
    expect(kernel.collapse(first).committed).toBe(true);
    expect(kernel.collapse(second)).toMatchObject({
      committed: false,
      conflicts: [{ reason: "EXISTS_DIFFERENT", id, table: "node" }],
    });
    // Undo the difference: a fourth overlay on the current system retitles back; then third converges.
    const fourth = kernel.createSws();
    kernel.apply(fourth, retitle(id, "same"));
    expect(kernel.collapse(fourth).committed).toBe(true);
    const before = kernel.graph("system").digest;
    const result = kernel.collapse(third);
    expect(result.committed).toBe(true);
    expect(result.receipt.changes.nodesInserted).toBe(0);
    expect(kernel.graph("system").digest).toBe(before);
  });

  it("a conflict: DANGLING_REFERENCE for an edge to a node the system removed, and for removing a node a system edge uses", () => {
    const kernel = fresh();
    const [a, b] = seedSystem(kernel, ["a", "b"]);
    const addsEdge = kernel.createSws();
    const deletes = kernel.createSws();
    kernel.apply(addsEdge, depends(a!, b!));
    kernel.apply(deletes, deleteTask(b!));
    expect(kernel.collapse(deletes).committed).toBe(true);
    const edgeConflict = kernel.collapse(addsEdge);
    expect(edgeConflict).toMatchObject({
      committed: false,
      conflicts: [{ reason: "DANGLING_REFERENCE", table: "edge", related: [b] }],
    });

    const [c, d] = seedSystem(kernel, ["c", "d"]);
    const edgeFirst = kernel.createSws();
    const removesD = kernel.createSws();
    kernel.apply(edgeFirst, depends(c!, d!));
    kernel.apply(removesD, deleteTask(d!));
    expect(kernel.collapse(edgeFirst).committed).toBe(true);
    const system = viewContents(kernel, "system");
    expect(kernel.collapse(removesD)).toMatchObject({
      committed: false,
      conflicts: [{ reason: "DANGLING_REFERENCE", id: d, table: "node", related: [] }],
    });
    expect(viewContents(kernel, "system")).toEqual(system);
  });

  it("lists every conflict in a stable order: by id, then table", () => {
    const kernel = fresh();
    const ids = seedSystem(kernel, ["a", "b", "c", "d", "e"]);
    const first = kernel.createSws();
    const second = kernel.createSws();
    kernel.apply(
      first,
      ids.map((id) => retitle(id, "first")),
    );
    kernel.apply(
      second,
      [...ids].reverse().map((id) => retitle(id, "second")),
    );
    kernel.collapse(first);
    const result = kernel.collapse(second);
    expect(result.committed).toBe(false);
    expect(result.committed === false && result.ids).toEqual([...ids].sort());
  });

  it("refuses the system view, unknown overlays and discarded ones without recording anything", () => {
    const kernel = fresh();
    const sws = kernel.createSws();
    kernel.discardSws(sws);
    const idx = kernel.nextIdx;
    expect(() => kernel.collapse("system")).toThrow(/cannot be collapsed/);
    expect(() => kernel.collapse("7")).toThrow(/no overlay sws:7/);
    expect(() => kernel.collapse(sws)).toThrow(/was discarded/);
    expect(() => kernel.collapse("sws:x")).toThrow(/not a view/);
    expect(kernel.nextIdx).toBe(idx);
  });

  it("the system graph changes only through collapse", () => {
    const kernel = fresh();
    expect(() => kernel.apply("system", createTask("x"))).toThrow(/changes only by collapsing an overlay/);
  });

  it("replay reproduces commits and recorded conflicts bit for bit", () => {
    const kernel = fresh();
    const [a] = seedSystem(kernel, ["a"]);
    const first = kernel.createSws();
    const second = kernel.createSws();
    kernel.apply(first, retitle(a!, "x"));
    kernel.apply(second, retitle(a!, "y"));
    kernel.collapse(first);
    kernel.collapse(second);
    kernel.discardSws(second);
    const replica = fresh();
    for (let idx = 0; idx < kernel.nextIdx; idx++) replica.replayEncoded(kernel.encodedEntry(idx));
    for (let idx = 0; idx < kernel.nextIdx; idx++) expect(replica.encodedEntry(idx)).toEqual(kernel.encodedEntry(idx));
    expect(replica.graph("system")).toEqual(kernel.graph("system"));
    expect(replica.listSws()).toEqual(kernel.listSws());
  });
});
