// The registry counts every rewrite in place and builds the SwsInfo callers see only when they read it; whatever
// the order of counting and reading, what they read must carry the counts so far, frozen.
import { describe, expect, it } from "vitest";
import { GraphState } from "../graph/graph-state.js";
import { SwsRegistry } from "./registry.js";

function openOverlay(registry: SwsRegistry, createdAtIdx: number): string {
  const snapshot = GraphState.empty().snapshot();
  return registry.create(GraphState.fromSnapshot(snapshot), snapshot, createdAtIdx).id;
}

describe("SwsRegistry counters", () => {
  it("numbers rewrites from 0 and reports the counts so far in info, list and openEntries", () => {
    const registry = new SwsRegistry();
    const first = openOverlay(registry, 0);
    const second = openOverlay(registry, 1);
    expect([0, 1, 2].map((ops) => registry.countRewrite(first, ops + 1))).toEqual([0, 1, 2]);
    const before = registry.info(first)!;
    expect(before).toMatchObject({ rewriteCount: 3, opCount: 6 });
    expect(Object.isFrozen(before)).toBe(true);

    expect(registry.countRewrite(first, 4)).toBe(3);
    expect(before).toMatchObject({ rewriteCount: 3, opCount: 6 }); // an info read earlier does not change
    expect(registry.rewriteCount(first)).toBe(4);
    expect(registry.list().map((info) => [info.id, info.rewriteCount, info.opCount])).toEqual([
      [first, 4, 10],
      [second, 0, 0],
    ]);
    expect(registry.openEntries().map((entry) => entry.info.opCount)).toEqual([10, 0]);
  });

  it("keeps the final counts when an overlay closes, and carries them through a restore", () => {
    const registry = new SwsRegistry();
    const id = openOverlay(registry, 0);
    registry.countRewrite(id, 2);
    registry.countRewrite(id, 5);
    registry.discard(id, 9);
    const closed = registry.info(id)!;
    expect(closed).toMatchObject({ state: "DISCARDED", discardedAtIdx: 9, rewriteCount: 2, opCount: 7 });

    const open = openOverlay(registry, 10);
    registry.countRewrite(open, 3);
    const restored = new SwsRegistry();
    restored.restore(
      registry.list().map((info) => ({
        info,
        graph: info.state === "OPEN" ? GraphState.empty() : null,
        base: info.state === "OPEN" ? GraphState.empty().snapshot() : null,
      })),
      Number(registry.nextId),
    );
    expect(restored.list()).toEqual(registry.list());
    expect(restored.countRewrite(open, 1)).toBe(1);
    expect(restored.info(open)).toMatchObject({ rewriteCount: 2, opCount: 4 });
  });
});
