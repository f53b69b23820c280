// Through the whole kernel path (validation, planning, commit, receipt): after every rewrite, on every overlay,
// the receipt's digest equals the from-scratch digest of what the view's pages show, and the system and the
// other overlays are untouched.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { graphDigestFromScratch } from "../digest/from-scratch.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import type { RewriteOp } from "../rewrite/index.js";
import { Kernel } from "./kernel.js";
import { page_size_max } from "./limits.js";

type Pick = { kind: "node" | "edge" | "task"; n: number };
type Action =
  | { type: "createSws" }
  | { type: "discard"; sws: number }
  | { type: "rewrite"; sws: number; ops: { verb: number; a: Pick; b: Pick; text: string }[] };

const pickArb = (kind: Pick["kind"]) => fc.nat().map((n): Pick => ({ kind, n }));
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ type: "createSws" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("discard" as const), sws: fc.nat() }) },
  {
    weight: 12,
    arbitrary: fc.record({
      type: fc.constant("rewrite" as const),
      sws: fc.nat(),
      ops: fc.array(
        fc.record({
          verb: fc.nat(9),
          a: pickArb("node"),
          b: pickArb("task"),
          text: fc.string({ minLength: 1, maxLength: 8 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
);

function all<T>(
  fetch: (after: string | null) => {
    items: readonly T[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  },
): T[] {
  const out: T[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = fetch(after);
    out.push(...page.items);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return out;
}

function contents(kernel: Kernel, view: string): { nodes: NodeRecord[]; edges: EdgeRecord[] } {
  return {
    nodes: all((after) => kernel.nodes(view, { first: 7, after })),
    edges: all((after) => kernel.edges(view, { first: 7, after })),
  };
}

function pickFrom<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Turns abstract choices into ops on what the view holds now; some are invalid on purpose (then rejected). */
function toOp(kernel: Kernel, view: string, op: { verb: number; a: Pick; b: Pick; text: string }): RewriteOp {
  const { nodes, edges } = contents(kernel, view);
  const tasks = nodes.filter((node) => node.kind === "Task");
  const v0Nodes = nodes.filter((node) => node.kind === "demo");
  const createTask: RewriteOp = { op: "createTask", input: { title: op.text, intent: "i", priority: op.a.n % 101 } };
  const task = pickFrom(tasks, op.a.n);
  const other = pickFrom(tasks, op.b.n);
  // Ops that need a target fall back to a create when the view has none, so most batches are valid; verb 9
  // names records that do not exist, so rejections are exercised too.
  switch (op.verb) {
    case 0:
    case 1:
      return { op: "AddNode", data: { kind: "demo", payload_b64: Buffer.from(op.text).toString("base64") } };
    case 2:
      return createTask;
    case 3:
      return task === undefined ? createTask : { op: "retitleTask", input: { taskId: task.id, title: op.text } };
    case 4:
      return task === undefined || other === undefined
        ? createTask
        : { op: "addDependency", input: { taskId: task.id, dependsOnTaskId: other.id } };
    case 5:
      return task === undefined ? createTask : { op: "deleteTask", input: { taskId: task.id } };
    case 6: {
      const edge = pickFrom(edges, op.a.n);
      if (edge === undefined) return createTask;
      return edge.kind === "DependsOn"
        ? { op: "removeDependency", input: { dependencyId: edge.id } }
        : { op: "RemoveEdge", data: { id: edge.id } };
    }
    case 7: {
      const from = pickFrom(nodes, op.a.n);
      const to = pickFrom(nodes, op.b.n);
      return from === undefined || to === undefined
        ? createTask
        : { op: "AddEdge", data: { kind: "link", from: from.id, to: to.id } };
    }
    case 8: {
      const node = pickFrom(v0Nodes, op.a.n);
      return node === undefined ? createTask : { op: "RemoveNode", data: { id: node.id } };
    }
    default:
      return { op: "RemoveNode", data: { id: "c".repeat(64) } };
  }
}

describe("kernel digests", () => {
  it("equal the from-scratch digest of each overlay after every rewrite, and no overlay leaks", () => {
    let applied = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 15, maxLength: 40 }), (actions) => {
        const kernel = Kernel.create({ domain: taskDomain });
        const systemDigest = kernel.graph("system").digest;
        const open: string[] = [kernel.createSws()];
        for (const action of actions) {
          if (action.type === "createSws") {
            open.push(kernel.createSws());
            continue;
          }
          const sws = pickFrom(open, action.sws);
          if (sws === undefined) continue;
          const view = `sws:${sws}`;
          if (action.type === "discard") {
            kernel.discardSws(sws);
            open.splice(open.indexOf(sws), 1);
            continue;
          }
          const others = open.filter((id) => id !== sws).map((id) => ({ id, graph: kernel.graph(`sws:${id}`) }));
          const before = kernel.graph(view);
          const idx = kernel.nextIdx;
          const ops = action.ops.map((op) => toOp(kernel, view, op));
          let receipt: { viewDigest: string } | null = null;
          try {
            receipt = kernel.apply(sws, ops).receipt;
            applied += 1;
          } catch (error) {
            rejected += 1;
            if (process.env.DEBUG_REJECTIONS) console.log(String(error).slice(0, 120));
            expect(kernel.graph(view)).toEqual(before);
            expect(kernel.nextIdx).toBe(idx);
          }
          const { nodes, edges } = contents(kernel, view);
          const fromScratch = graphDigestFromScratch(nodes, edges);
          expect(kernel.graph(view).digest).toBe(fromScratch);
          if (receipt !== null) expect(receipt.viewDigest).toBe(fromScratch);
          for (const other of others) expect(kernel.graph(`sws:${other.id}`)).toEqual(other.graph);
          expect(kernel.graph("system").digest).toBe(systemDigest);
        }
        expect(kernel.rewrites({ first: page_size_max }).items.map((entry) => entry.idx)).toEqual(
          Array.from({ length: kernel.nextIdx }, (_, i) => i),
        );
      }),
      { seed: 424242, numRuns: 150 },
    );
    // The generator must exercise both paths, or the property says little.
    expect(applied).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(100);
  });
});
