// Checkpoints round-trip the whole kernel state (system, every overlay's base and graph, the registry) and refuse
// content that does not rebuild to the digests it claims.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { GraphState } from "../graph/graph-state.js";
import { page_size_max } from "./limits.js";
import { CheckpointError, decodeCheckpoint, decodeCheckpointPieces, encodeCheckpoint } from "./checkpoint.js";
import type { RestoredState } from "./checkpoint.js";
import { Kernel } from "./kernel.js";
import { workloadStep } from "./test-support/workload.js";

function restoredKernel(state: ReturnType<typeof decodeCheckpoint>, source: Kernel): Kernel {
  const kernel = Kernel.create({ domain: taskDomain });
  kernel.loadStoredHistory({ length: state.nextIdx, encoded: (idx) => source.encodedEntry(idx) });
  kernel.restoreCheckpoint(state);
  return kernel;
}

describe("kernel checkpoints", () => {
  it("rebuild every view, overlay and counter of random histories, and the kernel carries on identically", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.nat(1000), async (steps, seed) => {
        const kernel = Kernel.create({ domain: taskDomain });
        for (let i = 0; i < steps; i++) workloadStep(kernel, seed);
        const restored = restoredKernel(decodeCheckpoint(await encodeCheckpoint(kernel.captureCheckpoint())), kernel);
        for (let i = 0; i < 20; i++) {
          workloadStep(kernel, seed);
          workloadStep(restored, seed);
        }
        expect(restored.listSws()).toEqual(kernel.listSws());
        for (const view of [
          "system",
          ...kernel
            .listSws()
            .filter((s) => s.state === "OPEN")
            .map((s) => s.view),
        ]) {
          expect(restored.graph(view)).toEqual(kernel.graph(view));
          expect(restored.nodes(view, { first: page_size_max })).toEqual(kernel.nodes(view, { first: page_size_max }));
        }
        expect(restored.encodedEntry(restored.nextIdx - 1)).toEqual(kernel.encodedEntry(kernel.nextIdx - 1));
      }),
      { seed: 77, numRuns: 25 },
    );
  }, 120_000);

  it("rebuilds the same state from pieces of any size, read through one reused buffer", async () => {
    const kernel = Kernel.create({ domain: taskDomain });
    for (let i = 0; i < 300; i++) workloadStep(kernel, 5);
    const bytes = await encodeCheckpoint(kernel.captureCheckpoint());
    expect(bytes.length).toBeGreaterThan(40_000); // more than one piece of the largest size below
    const whole = decodeCheckpoint(bytes);
    const summary = (state: RestoredState) => ({
      system: state.system.digest(),
      overlays: state.overlays.map(({ info, graph, base }) => ({ info, graph: graph?.digest(), base: base?.digest })),
      rest: [state.nextIdx, state.lastEntryHash, state.nextSwsNumber, state.systemRewriteCount],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 30 }),
        async (sizes) => {
          const reused = new Uint8Array(40_000);
          async function* pieces(): AsyncGenerator<Uint8Array> {
            for (let at = 0, i = 0; at < bytes.length; i++) {
              const size = Math.min(i < sizes.length ? sizes[i]! : 40_000, bytes.length - at);
              reused.set(bytes.subarray(at, at + size)); // the reader's buffer: overwritten by the next piece
              yield reused.subarray(0, size);
              at += size;
            }
          }
          expect(summary(await decodeCheckpointPieces(pieces()))).toEqual(summary(whole));
        },
      ),
      { seed: 13, numRuns: 60 },
    );
    async function* cut(end: number): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, end);
    }
    await expect(decodeCheckpointPieces(cut(bytes.length - 3))).rejects.toThrow(/runs past the end/);
    await expect(decodeCheckpointPieces(cut(2))).rejects.toThrow(/length cut off at byte 0/);
  });

  it("builds tables in one pass that equal record-by-record inserts", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    for (let i = 0; i < 300; i++) workloadStep(kernel, 4);
    const graph = GraphState.fromSnapshot(kernel.captureCheckpoint().system);
    const nodes = graph.nodesAfter(null, 100_000);
    const edges = graph.edgesAfter(null, 100_000);
    const bulk = GraphState.fromSortedRecords(
      nodes,
      nodes.map((node) => graph.nodeRecordHash(node.id)!),
      edges,
      edges.map((edge) => graph.edgeRecordHash(edge.id)!),
    );
    expect(bulk.digest()).toBe(graph.digest());
    for (const node of nodes) expect(bulk.incidentEdgeCount(node.id)).toBe(graph.incidentEdgeCount(node.id));
    expect(() => GraphState.fromSortedRecords([...nodes].reverse(), [], [], [])).toThrow();
  });

  it("refuses content that does not rebuild to its digests", async () => {
    const kernel = Kernel.create({ domain: taskDomain });
    for (let i = 0; i < 80; i++) workloadStep(kernel, 9);
    const capture = kernel.captureCheckpoint();
    const open = capture.open[0];
    expect(open).toBeDefined();
    const badBase = await encodeCheckpoint({
      ...capture,
      open: [{ ...open!, base: capture.system }, ...capture.open.slice(1)],
    });
    expect(() => decodeCheckpoint(badBase)).toThrow(CheckpointError);
    const bytes = await encodeCheckpoint(capture);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 3))).toThrow(/runs past the end|cut off/);
    expect(() => decodeCheckpoint(new Uint8Array([0, 0, 0, 1, 0xa0]))).toThrow(/not a kernel-checkpoint-v2/);
  });
});
