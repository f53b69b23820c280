// The graph digest, defined (docs/adr/0022-graph-digest.md). Everything here is the specification another
// implementation needs; from-scratch.ts computes it literally and the incremental trie must agree bit for bit.
//
//   recordHash(node)  = BLAKE3(canonical(["graph-node-v0", {id, kind, attrs}]))
//   recordHash(edge)  = BLAKE3(canonical(["graph-edge-v0", {id, kind, from, to, attrs}]))
//   tree(R, depth)    = R sorted by id; if |R| <= 16: BLAKE3(canonical(["graph-trie-leaf-v0", [recordHash(r)...]]))
//                       else BLAKE3(canonical(["graph-trie-inner-v0", [tree(R with id[depth] = c, depth + 1)
//                                                                      for c in "0123456789abcdef"]]))
//   digest(view)      = hex BLAKE3(canonical(["graph-digest-v0", {nodes: tree(nodes, 0), edges: tree(edges, 0)}]))
import { CanonicalBuilder, encodeCanonical, withCanonicalBytes } from "../canonical/index.js";
import { compareBytes } from "../canonical/encode.js";
import type { CanonicalValue } from "../canonical/index.js";
import { blake3, blake3Hex } from "../hash/index.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";

export const graph_digest_tag = "graph-digest-v0";
export const node_record_tag = "graph-node-v0";
export const edge_record_tag = "graph-edge-v0";
export const trie_leaf_tag = "graph-trie-leaf-v0";
export const trie_inner_tag = "graph-trie-inner-v0";

/** One child per lowercase hex digit of the id at the node's depth. */
export const trie_fanout = 16;
/** A subtree holding at most this many records is a leaf; more, and it splits by the next id digit. */
export const trie_leaf_records_max = 16;

export const record_hash_bytes = 32;

/** The position of an id's hex digit in a trie node's children. */
export function digitAt(id: string, depth: number): number {
  const code = id.charCodeAt(depth);
  return code <= 57 ? code - 48 : code - 87;
}

export interface RecordEncoding {
  readonly hash: Uint8Array;
  /** Length of the canonical encoding that was hashed, for size limits. */
  readonly byteLength: number;
}

function hashTagged(tag: string, record: NodeRecord | EdgeRecord): RecordEncoding {
  // Records are plain frozen objects of canonical values; the cast only widens the interface to the value type.
  return withCanonicalBytes([tag, record as unknown as CanonicalValue], (bytes) => ({
    hash: blake3(bytes),
    byteLength: bytes.length,
  }));
}

// Every rewrite hashes the records it writes, and a record has a fixed set of keys, so its encoding is written from
// that known layout: a constant prefix (array head, tag, map head, first key), then each field after its cached
// key, in canonical key order. A record of any other shape, or with a value that does not encode, goes through the
// generic encoder, which gives the same bytes or the same error.
interface RecordLayout {
  /** Record keys in canonical order (shorter encodings first, then bytewise). */
  readonly fields: readonly string[];
  /** Array head, tag, map head and the first key. */
  readonly prefix: Uint8Array;
  /** The encoded key before each field; index 0 is in the prefix. */
  readonly keys: readonly Uint8Array[];
}

function recordLayout(tag: string, fieldNames: readonly string[]): RecordLayout {
  const fields = [...fieldNames].sort((a, b) => compareBytes(encodeCanonical(a), encodeCanonical(b)));
  const head = new CanonicalBuilder().arrayHead(2).value(tag).mapHead(fields.length).value(fields[0]!);
  return { fields, prefix: head.bytes().slice(), keys: fields.map((field) => encodeCanonical(field)) };
}

const node_layout = recordLayout(node_record_tag, ["id", "kind", "attrs"]);
const edge_layout = recordLayout(edge_record_tag, ["id", "kind", "from", "to", "attrs"]);
const record_builder = new CanonicalBuilder();
/** True while record_builder holds a record being written (a getter inside attrs could hash another record). */
let record_builder_busy = false;

/** A plain object with exactly the layout's keys, checked without allocating (once per written record). */
function hasLayout(record: object, layout: RecordLayout): boolean {
  const prototype: unknown = Object.getPrototypeOf(record);
  if (prototype !== Object.prototype && prototype !== null) return false;
  let count = 0;
  for (const key in record) {
    if (!layout.fields.includes(key)) return false;
    count++;
  }
  return count === layout.fields.length;
}

function hashRecord(tag: string, layout: RecordLayout, record: NodeRecord | EdgeRecord): RecordEncoding {
  if (record_builder_busy || !hasLayout(record, layout)) return hashTagged(tag, record);
  const fields = record as unknown as { readonly [field: string]: CanonicalValue };
  const builder = record_builder.reset();
  record_builder_busy = true;
  try {
    builder.raw(layout.prefix).value(fields[layout.fields[0]!]!);
    for (let i = 1; i < layout.fields.length; i++) builder.raw(layout.keys[i]!).value(fields[layout.fields[i]!]!);
  } catch {
    return hashTagged(tag, record); // throws the generic encoder's error, with its path
  } finally {
    record_builder_busy = false;
  }
  const bytes = builder.bytes();
  return { hash: blake3(bytes), byteLength: bytes.length };
}

export function encodeNodeRecordHash(record: NodeRecord): RecordEncoding {
  return hashRecord(node_record_tag, node_layout, record);
}

export function encodeEdgeRecordHash(record: EdgeRecord): RecordEncoding {
  return hashRecord(edge_record_tag, edge_layout, record);
}

/** The view digest from the two table roots, by the definition (generic encoder). */
export function combineTableRootsFromScratch(nodesRoot: Uint8Array, edgesRoot: Uint8Array): string {
  return withCanonicalBytes([graph_digest_tag, { edges: edgesRoot, nodes: nodesRoot }], blake3Hex);
}

// Every view digest has the same encoding apart from the two roots, so the kernel fills them into a template
// instead of running the encoder once per rewrite. The template is derived from the generic encoding, and the
// golden vectors check both paths.
const marker_edges = new Uint8Array(record_hash_bytes).fill(0xee);
const marker_nodes = new Uint8Array(record_hash_bytes).fill(0xdd);
const digest_template = encodeCanonical([graph_digest_tag, { edges: marker_edges, nodes: marker_nodes }]);
const edges_offset = Buffer.from(digest_template).indexOf(Buffer.from(marker_edges));
const nodes_offset = Buffer.from(digest_template).indexOf(Buffer.from(marker_nodes));

/** The view digest's encoding with the two roots left to fill in at the given offsets (a fresh copy per call). */
export function graphDigestTemplate(): { bytes: Uint8Array; nodesOffset: number; edgesOffset: number } {
  return { bytes: digest_template.slice(), nodesOffset: nodes_offset, edgesOffset: edges_offset };
}

/** The view digest from the two table roots. */
export function combineTableRoots(nodesRoot: Uint8Array, edgesRoot: Uint8Array): string {
  digest_template.set(edgesRoot, edges_offset);
  digest_template.set(nodesRoot, nodes_offset);
  const digest = blake3(digest_template);
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString("hex"); // native hex: faster
}
