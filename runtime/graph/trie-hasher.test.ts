// The one-call trie hasher against the digest definition where its bookkeeping is hardest: rewrites that dirty
// more nodes than its WebAssembly arena holds at once (the queue runs mid-walk and open nodes move), on a base
// graph and on an overlay that must not leak into it.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { graphDigestFromScratch, tableRootFromScratch } from "../digest/from-scratch.js";
import { encodeNodeRecordHash } from "../digest/spec.js";
import { blake3Hex } from "../hash/index.js";
import { GraphState } from "./graph-state.js";
import type { NodeRecord } from "./record.js";
import { emptyTable, newOwner, tableInsert, tableRoot } from "./record-table.js";

/** Enough records that one batch dirties several thousand trie nodes (the arena holds about a thousand). */
const records_in_one_batch = 40_000;

function node(index: number, title: string): NodeRecord {
  return { id: blake3Hex(Uint8Array.of(index & 0xff, (index >> 8) & 0xff, index >> 16)), kind: "t", attrs: { title } };
}

describe("trie hasher", () => {
  it("hashes a batch bigger than its arena like the definition, on a base and on an overlay", () => {
    const base = GraphState.empty();
    const nodes = Array.from({ length: records_in_one_batch }, (_, i) => node(i, `n${i}`));
    for (const record of nodes) base.insertNode(record, encodeNodeRecordHash(record).hash);
    expect(base.digest()).toBe(graphDigestFromScratch(nodes, []));
    const baseDigest = base.digest();

    // Every other record updated in one batch on an overlay: resumed inner nodes and fresh leaf midstates.
    const overlay = base.fork();
    const updated = nodes.map((record, i) => (i % 2 === 0 ? node(i, `u${i}`) : record));
    for (let i = 0; i < updated.length; i += 2)
      overlay.replaceNode(updated[i]!, encodeNodeRecordHash(updated[i]!).hash);
    expect(overlay.digest()).toBe(graphDigestFromScratch(updated, []));
    expect(base.digest()).toBe(baseDigest);

    // Again, so leaves resume from the midstates the first update kept.
    const again = updated.map((record, i) => (i % 4 === 0 ? node(i, `v${i}`) : record));
    for (let i = 0; i < again.length; i += 4) overlay.replaceNode(again[i]!, encodeNodeRecordHash(again[i]!).hash);
    expect(overlay.digest()).toBe(graphDigestFromScratch(again, []));
    expect(GraphState.fromSnapshot(base.snapshot()).digest()).toBe(baseDigest);
  });

  it("keeps no reference to a graph once its digest is taken (a discarded graph can be collected)", async () => {
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const digestAndForget = (): WeakRef<object>[] => {
      const state = GraphState.empty();
      for (let i = 0; i < 5000; i++) {
        const record = node(i, "gone");
        state.insertNode(record, encodeNodeRecordHash(record).hash);
        state.insertEdge(
          { id: node(i + 100_000, "edge").id, kind: "e", from: record.id, to: record.id, attrs: {} },
          encodeNodeRecordHash(record).hash,
        );
      }
      state.digest();
      const { nodes, edges } = state.snapshot();
      return [new WeakRef(nodes), new WeakRef(edges)];
    };
    const roots = digestAndForget();
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets live to the end of the current job
    collectGarbage();
    expect(roots.map((root) => root.deref())).toEqual([undefined, undefined]);
  });

  it("gives a lone table's root hash as the definition does, hashed or not", () => {
    const owner = newOwner();
    let table = emptyTable<NodeRecord>();
    const hashed = Array.from({ length: 3000 }, (_, i) => {
      const record = node(i, "x");
      return { record, hash: encodeNodeRecordHash(record).hash };
    });
    expect(tableRoot(table)).toEqual(tableRootFromScratch([]));
    for (const { record, hash } of hashed) table = tableInsert(table, record, hash, owner);
    const expected = tableRootFromScratch(hashed.map(({ record, hash }) => ({ id: record.id, hash })));
    expect(tableRoot(table)).toEqual(expected);
    expect(tableRoot(table)).toEqual(expected); // clean now: the cached hash
  });
});
