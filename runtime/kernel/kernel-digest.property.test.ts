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
          verb: fc.nat(7),
          a: pickArb("node"),
          b: pickArb("task"),
          text: fc.string({ minLength: 1, maxLength: 8 }),
        }),
        { minLength: 1, maxLength: 4 },
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
  const someTask = (pick: Pick) => pickFrom(tasks, pick.n)?.id ?? "f".repeat(64);
  switch (op.verb) {
    case 0:
      return { op: "AddNode", data: { kind: "demo", payload_b64: Buffer.from(op.text).toString("base64") } };
    case 1:
      return { op: "createTask", input: { title: op.text, intent: "i", priority: op.a.n % 101 } };
    case 2:
      return { op: "retitleTask", input: { taskId: someTask(op.a), title: op.text } };
    case 3:
      return { op: "addDependency", input: { taskId: someTask(op.a), dependsOnTaskId: someTask(op.b) } };
    case 4:
      return { op: "deleteTask", input: { taskId: someTask(op.a) } };
    case 5: {
      const edge = pickFrom(edges, op.a.n);
      return edge === undefined || edge.kind !== "DependsOn"
        ? { op: "RemoveEdge", data: { id: edge?.id ?? "e".repeat(64) } }
        : { op: "removeDependency", input: { dependencyId: edge.id } };
    }
    case 6: {
      const from = pickFrom(nodes, op.a.n)?.id ?? "d".repeat(64);
      const to = pickFrom(nodes, op.b.n)?.id ?? "d".repeat(64);
      return { op: "AddEdge", data: { kind: "link", from, to } };
    }
    default:
      return { op: "RemoveNode", data: { id: pickFrom(v0Nodes, op.a.n)?.id ?? "c".repeat(64) } };
  }
}

describe("kernel digests", () => {
  it("equal the from-scratch digest of each overlay after every rewrite, and no overlay leaks", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 1, maxLength: 40 }), (actions) => {
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
          } catch {
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
  });
});
