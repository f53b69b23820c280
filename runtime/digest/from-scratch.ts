// The graph digest computed literally from its definition (spec.ts), with the generic canonical encoder and no
// caching. Slow by design: it is the reference the incremental digest is checked against, and what
// `graphDigestFromScratch` users (replay verification, other implementations' tests) recompute.
import { encodeCanonical } from "../canonical/index.js";
import { blake3 } from "../hash/index.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import {
  combineTableRootsFromScratch,
  digitAt,
  encodeEdgeRecordHash,
  encodeNodeRecordHash,
  trie_fanout,
  trie_inner_tag,
  trie_leaf_records_max,
  trie_leaf_tag,
} from "./spec.js";

interface Hashed {
  readonly id: string;
  readonly hash: Uint8Array;
}

function byId(a: Hashed, b: Hashed): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Root hash of the trie over `records` (sorted by id inside). */
export function tableRootFromScratch(records: readonly Hashed[]): Uint8Array {
  const sorted = [...records].sort(byId);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.id === sorted[i]!.id) throw new Error(`duplicate record id ${sorted[i]!.id}`);
  }
  return subtree(sorted, 0);
}

function subtree(sorted: readonly Hashed[], depth: number): Uint8Array {
  if (sorted.length <= trie_leaf_records_max) {
    return blake3(encodeCanonical([trie_leaf_tag, sorted.map((r) => r.hash)]));
  }
  const buckets: Hashed[][] = Array.from({ length: trie_fanout }, () => []);
  for (const record of sorted) buckets[digitAt(record.id, depth)]!.push(record);
  return blake3(encodeCanonical([trie_inner_tag, buckets.map((bucket) => subtree(bucket, depth + 1))]));
}

export function graphDigestFromScratch(nodes: readonly NodeRecord[], edges: readonly EdgeRecord[]): string {
  const nodeRoot = tableRootFromScratch(nodes.map((r) => ({ id: r.id, hash: encodeNodeRecordHash(r).hash })));
  const edgeRoot = tableRootFromScratch(edges.map((r) => ({ id: r.id, hash: encodeEdgeRecordHash(r).hash })));
  return combineTableRootsFromScratch(nodeRoot, edgeRoot);
}
