// SPIKE, not product code: a data-oriented version of the node table's Merkle trie (docs/adr/0022-graph-digest.md),
// to measure how fast the structural part of an update can be. Bulk build from sorted records, then in-place
// record-hash replacements only: no copy-on-write, no inserts or removes after the build, no reclamation.
//
// Layout:
// - node ids are integers; node 0 is the shared empty leaf. Inner nodes keep 16 child ids in `children`
//   (Int32Array, 16 per node id); leaves keep the index of their first record in the id-sorted record order
//   (`leafStart`, -1 for inner nodes) and their record count (`leafCount`).
// - every node owns one fixed 864-byte region of WebAssembly memory (inner_buffer_bytes of trie-layout.ts):
//   9 midstate slots, then its canonical encoding padded to 9 blocks. A leaf's record hashes live only there, as
//   the hash items of its encoding. A node's hash is its last block's slot.
// - re-hashing queues jobs (the repo's job format) that point at the nodes' own bytes; each job's `out` is the
//   child-hash slot in the parent's encoding (or the nodes root in the view digest template), so nothing is copied
//   into or out of WebAssembly memory except the new record hash and the final hex.
import { digitAt, graphDigestTemplate, trie_fanout, trie_leaf_records_max } from "../../../runtime/digest/spec.js";
import { blake3BlockCount, blake3_job_words } from "../../../runtime/hash/index.js";
import {
  hash_item_bytes,
  hash_item_head,
  inner_blocks,
  inner_buffer_bytes,
  inner_encoding_at,
  inner_encoding_bytes,
  innerSlotBlock,
  innerSlotOffset,
  leafEncodingBytes,
  leafItemBlock,
  leaf_header,
  leaf_items_at,
  newInnerBuffer,
  slot_bytes,
} from "../../../runtime/graph/trie-layout.js";
import { newSpikeWasm } from "./wasm-instance.js";
import type { SpikeWasm } from "./wasm-instance.js";

const node_bytes = inner_buffer_bytes; // 864: a leaf of 16 records needs the same 9 blocks + 9 slots
const encoding_at = inner_encoding_at; // 288
const job_bytes = blake3_job_words * 4;
const jobs_max = 4096;
const depth_max = 64;
const empty_leaf = 0;
const view_at = 4096; // below: nothing of ours (address 0 means "no out" to the jobs runner)

const template = graphDigestTemplate();
const view_blocks = blake3BlockCount(template.bytes.length);
const view_slots_at = view_at;
const view_input_at = view_slots_at + view_blocks * slot_bytes;
const view_digest_at = view_slots_at + (view_blocks - 1) * slot_bytes;
const view_nodes_at = view_input_at + template.nodesOffset;
const view_edges_at = view_input_at + template.edgesOffset;
/** First block of the view encoding that holds the nodes root (the edges root never changes here). */
const view_nodes_block = Math.floor(template.nodesOffset / 64);
if (template.edgesOffset + slot_bytes > view_nodes_block * 64) throw new Error("template layout changed");
const jobs_at = align(view_input_at + view_blocks * 64, 64);
const slab_at = align(jobs_at + jobs_max * job_bytes, 64);

/** Per digit: where the child's hash goes in an inner node's region, and the block it starts in. */
const slot_offset = Int32Array.from({ length: trie_fanout }, (_, d) => encoding_at + innerSlotOffset(d));
const slot_block = Int32Array.from({ length: trie_fanout }, (_, d) => innerSlotBlock(d));
/** Per leaf record count: encoding length and blocks. */
const leaf_length = Int32Array.from({ length: trie_leaf_records_max + 1 }, (_, c) => leafEncodingBytes(c));
const leaf_blocks = Int32Array.from(leaf_length, (length) => blake3BlockCount(length));
/** Per leaf record count: where its encoding starts in its region (after one midstate slot per block). */
const leaf_encoding_at = Int32Array.from(leaf_blocks, (blocks) => blocks * slot_bytes);
/** Per position: the block of the leaf encoding where that record's hash starts. */
const item_block = Int32Array.from({ length: trie_leaf_records_max }, (_, p) => leafItemBlock(p));

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

/** The 52-bit sort key of an id (first 13 hex digits), as record-table.ts computes it. */
function idKey(id: string): number {
  let key = 0;
  for (let i = 0; i < 13; i++) key = key * 16 + digitAt(id, i);
  return key;
}

export interface SpikeRecord {
  readonly id: string;
}

export class DataTrieV1<R extends SpikeRecord> {
  readonly wasm: SpikeWasm;
  private readonly mem: Uint8Array;
  private readonly words: Int32Array;
  private readonly runJobs: (at: number, count: number) => void;
  readonly nodeCount: number;
  private readonly slabBytes: number;
  readonly innerCount: number;
  private readonly children: Int32Array;
  private readonly leafStart: Int32Array;
  private readonly leafCount: Uint8Array;
  /** Build-time only (and full re-hash): each node's parent and digit in it. */
  private readonly parent: Int32Array;
  private readonly parentDigit: Uint8Array;
  private readonly keys: Float64Array;
  /** WebAssembly address of each node's region. */
  private readonly offsets: Int32Array;
  private readonly records: R[];
  private readonly pathNode = new Int32Array(depth_max);
  private readonly pathDigit = new Int32Array(depth_max);
  private readonly digestView: Buffer;
  private readonly root: number;
  /** Compressions run by update(), for the report. */
  compressions = 0;

  /** `records` sorted by id (not copied: the trie keeps and updates this array), `hashes` 32 bytes each. */
  /**
   * `records` sorted by id (not copied: the trie keeps and updates this array), `hashes` 32 bytes each. Leaf
   * regions are `exact` (slots + encoding for the leaf's own record count: no room to insert) or a fixed 864 bytes.
   */
  constructor(records: R[], hashes: Uint8Array, leafRegions: "exact" | "fixed" = "fixed") {
    this.records = records;
    const n = records.length;
    this.keys = new Float64Array(n);
    for (let i = 0; i < n; i++) this.keys[i] = idKey(records[i]!.id);
    // Structure pass (pre-order ids: a node's children have larger ids than the node).
    const start: number[] = [0];
    const count: number[] = [0];
    const parent: number[] = [-1];
    const parentDigit: number[] = [0];
    const children: number[] = new Array<number>(trie_fanout).fill(0);
    const build = (lo: number, hi: number, depth: number, up: number, digit: number): number => {
      if (hi === lo) return empty_leaf;
      const id = start.length;
      parent.push(up);
      parentDigit.push(digit);
      for (let d = 0; d < trie_fanout; d++) children.push(0);
      if (hi - lo <= trie_leaf_records_max) {
        start.push(lo);
        count.push(hi - lo);
        return id;
      }
      start.push(-1);
      count.push(0);
      let from = lo;
      for (let d = 0; d < trie_fanout; d++) {
        let to = from;
        while (to < hi && digitAt(records[to]!.id, depth) === d) to++;
        children[id * trie_fanout + d] = build(from, to, depth + 1, id, d);
        from = to;
      }
      if (from !== hi) throw new Error("records not sorted by id");
      return id;
    };
    this.root = build(0, n, 0, -1, 0);
    this.nodeCount = start.length;
    this.children = Int32Array.from(children);
    this.leafStart = Int32Array.from(start);
    this.leafCount = Uint8Array.from(count);
    this.parent = Int32Array.from(parent);
    this.parentDigit = Uint8Array.from(parentDigit);
    this.innerCount = start.filter((s) => s < 0).length;

    this.offsets = new Int32Array(this.nodeCount);
    let end = slab_at;
    for (let node = 0; node < this.nodeCount; node++) {
      this.offsets[node] = end;
      const exact = leaf_blocks[this.leafCount[node]!]! * (slot_bytes + 64);
      end += this.leafStart[node]! < 0 || leafRegions === "fixed" ? node_bytes : exact;
    }
    this.slabBytes = end - slab_at;
    this.wasm = newSpikeWasm(end);
    this.mem = this.wasm.bytes;
    this.words = this.wasm.words;
    this.runJobs = this.wasm.runJobs;
    this.digestView = Buffer.from(this.mem.buffer, view_digest_at, slot_bytes);
    // Encodings: inner nodes from the repo's template (header, item heads), leaves from their record hashes.
    const innerTemplate = newInnerBuffer();
    for (let node = 0; node < this.nodeCount; node++) {
      const at = this.nodeAt(node);
      if (this.leafStart[node]! < 0) {
        this.mem.set(innerTemplate, at);
        continue;
      }
      const c = this.leafCount[node]!;
      const input = at + leaf_encoding_at[c]!;
      this.mem.set(leaf_header, input);
      this.mem[input + leaf_header.length] = 0x80 | c;
      for (let p = 0; p < c; p++) {
        const item = input + leaf_items_at + p * hash_item_bytes;
        this.mem[item] = hash_item_head[0];
        this.mem[item + 1] = hash_item_head[1];
        const r = this.leafStart[node]! + p;
        this.mem.set(hashes.subarray(r * 32, r * 32 + 32), item + 2);
      }
    }
    this.mem.set(template.bytes, view_input_at);
    this.rehashAll();
  }

  private nodeAt(node: number): number {
    return this.offsets[node]!;
  }

  private hashAt(node: number): number {
    const blocks = this.leafStart[node]! < 0 ? inner_blocks : leaf_blocks[this.leafCount[node]!]!;
    return this.nodeAt(node) + (blocks - 1) * slot_bytes;
  }

  private queue(job: number, slots: number, input: number, first: number, blocks: number, length: number, out: number) {
    const w = (jobs_at + job * job_bytes) >> 2;
    const words = this.words;
    words[w] = slots;
    words[w + 1] = input;
    words[w + 2] = first;
    words[w + 3] = blocks;
    words[w + 4] = length;
    words[w + 5] = out;
  }

  /** Hashes every node from block 0, children first (reverse pre-order), then the view digest. Build and repair. */
  rehashAll(): void {
    const e = this.nodeAt(empty_leaf);
    this.queue(0, e, e + leaf_encoding_at[0]!, 0, leaf_blocks[0]!, leaf_length[0]!, 0);
    this.runJobs(jobs_at, 1);
    const emptyHash = this.hashAt(empty_leaf);
    // Empty children's slots and the edges root (the edge table is empty here) get the empty leaf's hash.
    this.mem.copyWithin(view_edges_at, emptyHash, emptyHash + slot_bytes);
    for (let node = 1; node < this.nodeCount; node++) {
      if (this.leafStart[node]! >= 0) continue;
      for (let d = 0; d < trie_fanout; d++) {
        if (this.children[node * trie_fanout + d] !== empty_leaf) continue;
        const to = this.nodeAt(node) + slot_offset[d]!;
        this.mem.copyWithin(to, emptyHash, emptyHash + slot_bytes);
      }
    }
    let jobs = 0;
    for (let node = this.nodeCount - 1; node >= 1; node--) {
      const up = this.parent[node]!;
      const out = up < 0 ? view_nodes_at : this.nodeAt(up) + slot_offset[this.parentDigit[node]!]!;
      const at = this.nodeAt(node);
      if (this.leafStart[node]! < 0)
        this.queue(jobs++, at, at + encoding_at, 0, inner_blocks, inner_encoding_bytes, out);
      else {
        const c = this.leafCount[node]!;
        this.queue(jobs++, at, at + leaf_encoding_at[c]!, 0, leaf_blocks[c]!, leaf_length[c]!, out);
      }
      if (jobs === jobs_max) {
        this.runJobs(jobs_at, jobs);
        jobs = 0;
      }
    }
    this.queue(jobs++, view_slots_at, view_input_at, 0, view_blocks, template.bytes.length, 0);
    this.runJobs(jobs_at, jobs);
  }

  /**
   * Finds `id` (walk the children by its hex digits, then scan the leaf's keys), stores `record` and its record
   * `hash`, re-hashes the leaf and the path from its first changed block, then the view digest: one call into
   * WebAssembly. Returns the view digest in hex. With `hash` false the jobs are queued but not run (timing only:
   * the trie's hashes are stale until rehashAll()).
   */
  update(id: string, record: R, recordHash: Uint8Array, hash = true): string {
    const children = this.children;
    const leafStart = this.leafStart;
    let node = this.root;
    let depth = 0;
    while (leafStart[node]! < 0) {
      const digit = digitAt(id, depth);
      this.pathNode[depth] = node;
      this.pathDigit[depth] = digit;
      node = children[node * trie_fanout + digit]!;
      depth++;
    }
    const start = leafStart[node]!;
    const count = this.leafCount[node]!;
    const key = idKey(id);
    const keys = this.keys;
    let pos = -1;
    for (let i = 0; i < count; i++) {
      const k = keys[start + i]!;
      if (k === key && this.records[start + i]!.id === id) {
        pos = i;
        break;
      }
      if (k > key) break;
    }
    if (pos < 0) throw new Error(`update of ${id}, which the table does not hold`);
    this.records[start + pos] = record;
    const at = this.nodeAt(node);
    const input = at + leaf_encoding_at[count]!;
    this.mem.set(recordHash, input + leaf_items_at + pos * hash_item_bytes + hash_item_head.length);
    // Leaf, then each ancestor from the deepest, each writing its hash into its parent's slot; then the view.
    let jobs = 0;
    const first = item_block[pos]!;
    const blocks = leaf_blocks[count]!;
    let out =
      depth > 0 ? this.nodeAt(this.pathNode[depth - 1]!) + slot_offset[this.pathDigit[depth - 1]!]! : view_nodes_at;
    this.queue(jobs++, at, input, first, blocks, leaf_length[count]!, out);
    let compressions = blocks - first;
    for (let level = depth - 1; level >= 0; level--) {
      const inner = this.nodeAt(this.pathNode[level]!);
      out =
        level > 0 ? this.nodeAt(this.pathNode[level - 1]!) + slot_offset[this.pathDigit[level - 1]!]! : view_nodes_at;
      const from = slot_block[this.pathDigit[level]!]!;
      this.queue(jobs++, inner, inner + encoding_at, from, inner_blocks, inner_encoding_bytes, out);
      compressions += inner_blocks - from;
    }
    this.queue(jobs++, view_slots_at, view_input_at, view_nodes_block, view_blocks, template.bytes.length, 0);
    compressions += view_blocks - view_nodes_block;
    this.compressions += compressions;
    if (hash) this.runJobs(jobs_at, jobs);
    return this.digestView.toString("hex");
  }

  /** Lookup only: the record for `id`, or undefined. */
  get(id: string): R | undefined {
    let node = this.root;
    let depth = 0;
    while (this.leafStart[node]! < 0) node = this.children[node * trie_fanout + digitAt(id, depth++)]!;
    const start = this.leafStart[node]!;
    const key = idKey(id);
    for (let i = 0; i < this.leafCount[node]!; i++) {
      const k = this.keys[start + i]!;
      if (k === key && this.records[start + i]!.id === id) return this.records[start + i];
      if (k > key) break;
    }
    return undefined;
  }

  digestHex(): string {
    return this.digestView.toString("hex");
  }

  rootHash(): Uint8Array {
    return this.mem.slice(this.hashAt(this.root), this.hashAt(this.root) + slot_bytes);
  }

  /** Bytes this layout holds per table (not counting the record objects): slab, typed arrays. */
  layoutBytes(): { wasmSlab: number; wasmTotal: number; typedArrays: number; leaves: number; leafRecordsMean: number } {
    const leaves = this.nodeCount - this.innerCount - 1;
    return {
      wasmSlab: this.slabBytes,
      wasmTotal: this.mem.byteLength,
      typedArrays:
        this.children.byteLength +
        this.leafStart.byteLength +
        this.leafCount.byteLength +
        this.keys.byteLength +
        this.parent.byteLength +
        this.parentDigit.byteLength +
        this.offsets.byteLength,
      leaves,
      leafRecordsMean: this.records.length / leaves,
    };
  }
}
