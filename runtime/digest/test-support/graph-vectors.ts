// Golden vectors of the graph digest definition: sets of records with their table roots and view digest
// (test-vectors/digests/graph-digests.json). Records are written in the tagged JSON form of the canonical
// vectors (test-vectors/cbor/README.md) so bytes and integers survive JSON. `--write` regenerates the file.
import { readFileSync, writeFileSync } from "node:fs";
import { fromTagged } from "../../canonical/tagged-value.js";
import type { TaggedValue } from "../../canonical/tagged-value.js";
import type { Attrs, EdgeRecord, NodeRecord } from "../../graph/record.js";
import { blake3Hex } from "../../hash/index.js";
import { bytesToHex } from "../../graph/record-id.js";
import { graphDigestFromScratch, tableRootFromScratch } from "../from-scratch.js";
import { encodeEdgeRecordHash, encodeNodeRecordHash } from "../spec.js";

interface TaggedNode {
  readonly id: string;
  readonly kind: string;
  readonly attrs: { readonly map: Record<string, TaggedValue> };
}
interface TaggedEdge extends TaggedNode {
  readonly from: string;
  readonly to: string;
}

export interface GraphDigestCase {
  readonly name: string;
  readonly nodes: readonly TaggedNode[];
  readonly edges: readonly TaggedEdge[];
  readonly expect: { readonly nodesRoot: string; readonly edgesRoot: string; readonly digest: string };
}

export function nodeFromTagged(node: TaggedNode): NodeRecord {
  return { id: node.id, kind: node.kind, attrs: fromTagged(node.attrs) as Attrs };
}

export function edgeFromTagged(edge: TaggedEdge): EdgeRecord {
  return { id: edge.id, kind: edge.kind, from: edge.from, to: edge.to, attrs: fromTagged(edge.attrs) as Attrs };
}

export function expectedOf(nodes: readonly NodeRecord[], edges: readonly EdgeRecord[]): GraphDigestCase["expect"] {
  const nodeHashes = nodes.map((r) => ({ id: r.id, hash: encodeNodeRecordHash(r).hash }));
  const edgeHashes = edges.map((r) => ({ id: r.id, hash: encodeEdgeRecordHash(r).hash }));
  return {
    nodesRoot: bytesToHex(tableRootFromScratch(nodeHashes)),
    edgesRoot: bytesToHex(tableRootFromScratch(edgeHashes)),
    digest: graphDigestFromScratch(nodes, edges),
  };
}

function idOf(name: string, prefix = ""): string {
  return (prefix + blake3Hex(new TextEncoder().encode(name))).slice(0, 64);
}

function buildCases(): Omit<GraphDigestCase, "expect">[] {
  const node = (id: string, kind: string, attrs: Record<string, TaggedValue>): TaggedNode => ({
    id,
    kind,
    attrs: { map: attrs },
  });
  const task = (i: number, prefix = "") =>
    node(idOf(`task-${i}`, prefix), "Task", {
      title: `task ${i}`,
      intent: "FixBug",
      priority: { int: String(i % 101) },
    });
  const a = node(idOf("a"), "demo", { payload: { bytes_hex: "68656c6c6f" } });
  const b = node(idOf("b"), "demo", {});
  const many = Array.from({ length: 40 }, (_, i) => task(i));
  // 300 ids under the prefix "a7": the root and the "a" subtree both split, so the trie is three levels deep.
  const deep = Array.from({ length: 300 }, (_, i) => task(i, "a7"));
  return [
    { name: "empty graph", nodes: [], edges: [] },
    { name: "one v0 node with a payload", nodes: [a], edges: [] },
    {
      name: "two nodes and an edge",
      nodes: [a, b],
      edges: [{ ...node(idOf("a->b"), "link", {}), from: a.id, to: b.id }],
    },
    { name: "exactly 16 records: still one leaf", nodes: many.slice(0, 16), edges: [] },
    { name: "17 records: the root splits", nodes: many.slice(0, 17), edges: [] },
    { name: "40 records", nodes: many, edges: [] },
    { name: "300 records sharing a prefix: three levels", nodes: deep, edges: [] },
  ];
}

export function readGraphVectors(path: string): GraphDigestCase[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { cases: GraphDigestCase[] }).cases;
}

if (process.argv[1]?.endsWith("graph-vectors.ts") && process.argv[2] !== undefined && process.argv[3] === "--write") {
  const cases = buildCases().map((c) => ({
    ...c,
    expect: expectedOf(c.nodes.map(nodeFromTagged), c.edges.map(edgeFromTagged)),
  }));
  const description =
    "Graph digest vectors (docs/adr/0022-graph-digest.md): each case lists records (attrs in the tagged JSON form " +
    "of test-vectors/cbor) and the expected node-table root, edge-table root and view digest, all BLAKE3-256 hex.";
  writeFileSync(process.argv[2], `${JSON.stringify({ description, cases }, null, 2)}\n`);
}
