// SPIKE, not product code (v2): a data-oriented version of the node table's Merkle trie
// (docs/adr/0022-graph-digest.md), to measure how fast the structural part of an update can be. Bulk build from
// sorted records, then in-place record-hash replacements only: no copy-on-write, no inserts or removes after the
// build, no reclamation. v1 (dotrie-v1.ts) kept leaf bookkeeping in JS typed arrays; v2 moves each leaf's keys
// next to its hash state, so a lookup and the leaf's re-hash touch one contiguous region.
//
// Layout:
// - a node reference is an int: inner node i is i (>= 0), leaf l is ~l (< 0); leaf 0 is the shared empty leaf.
// - inner nodes: 16 child references each in `children` (Int32Array, inner nodes only: 64 bytes per node), and a
//   fixed 864-byte region of WebAssembly memory (inner_buffer_bytes of trie-layout.ts): 9 midstate slots, then the
//   canonical encoding padded to 9 blocks. Its hash is the last slot.
// - leaves: one region of WebAssembly memory sized for its own record count ("exact"; no room to insert):
//   [start (i32: index of its first record in id order) | count (i32) | 8 bytes pad | keys (f64, one per record:
//   the id's first 13 hex digits) | midstate slots (one per block) | encoding (header, array head, hash items)].
//   The record hashes live only in the encoding.
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

const job_bytes = blake3_job_words * 4;
const jobs_max = 4096;
const depth_max = 64;
const view_at = 4096; // below: nothing of ours (address 0 means "no out" to the jobs runner)
const leaf_head_bytes = 16;

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
const slot_offset = Int32Array.from({ length: trie_fanout }, (_, d) => inner_encoding_at + innerSlotOffset(d));
const slot_block = Int32Array.from({ length: trie_fanout }, (_, d) => innerSlotBlock(d));
/** Per leaf record count c: encoding length, blocks, and where slots and encoding start in the region. */
const leaf_length = Int32Array.from({ length: trie_leaf_records_max + 1 }, (_, c) => leafEncodingBytes(c));
const leaf_blocks = Int32Array.from(leaf_length, (length) => blake3BlockCount(length));
const leaf_slots_at = Int32Array.from(leaf_length, (_, c) => leaf_head_bytes + c * 8);
const leaf_input_at = Int32Array.from(leaf_length, (_, c) => leaf_slots_at[c]! + leaf_blocks[c]! * slot_bytes);
const leaf_region_bytes = Int32Array.from(leaf_length, (_, c) => align(leaf_input_at[c]! + leaf_blocks[c]! * 64, 16));
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

export class DataTrie<R extends SpikeRecord> {
  readonly wasm: SpikeWasm;
  private readonly mem: Uint8Array;
  private readonly words: Int32Array;
  private readonly f64: Float64Array;
  private readonly runJobs: (at: number, count: number) => void;
  readonly innerCount: number;
  readonly leafCount: number;
  private readonly children: Int32Array;
  /** WebAssembly address of each leaf's region. */
  private readonly leafAt: Int32Array;
  private readonly innerBase: number;
  private readonly slabBytes: number;
  private readonly records: R[];
  private readonly pathNode = new Int32Array(depth_max);
  private readonly pathDigit = new Int32Array(depth_max);
  private readonly digestView: Buffer;
  private readonly root: number;
  private jobs = 0;
  /** Compressions run by update(), for the report. */
  compressions = 0;

  /** `records` sorted by id (not copied: the trie keeps and updates this array), `hashes` 32 bytes each. */
  constructor(records: R[], hashes: Uint8Array) {
    this.records = records;
    const n = records.length;
    // Structure pass.
    const children: number[] = [];
    const leafStart: number[] = [0];
    const leafCount: number[] = [0];
    const build = (lo: number, hi: number, depth: number): number => {
      if (hi === lo) return ~0;
      if (hi - lo <= trie_leaf_records_max) {
        leafStart.push(lo);
        leafCount.push(hi - lo);
        return ~(leafStart.length - 1);
      }
      const inner = children.length / trie_fanout;
      for (let d = 0; d < trie_fanout; d++) children.push(0);
      let from = lo;
      for (let d = 0; d < trie_fanout; d++) {
        let to = from;
        while (to < hi && digitAt(records[to]!.id, depth) === d) to++;
        children[inner * trie_fanout + d] = build(from, to, depth + 1);
        from = to;
      }
      if (from !== hi) throw new Error("records not sorted by id");
      return inner;
    };
    this.root = build(0, n, 0);
    this.children = Int32Array.from(children);
    this.innerCount = children.length / trie_fanout;
    this.leafCount = leafStart.length;
    this.innerBase = slab_at;
    this.leafAt = new Int32Array(this.leafCount);
    let end = slab_at + this.innerCount * inner_buffer_bytes;
    for (let leaf = 0; leaf < this.leafCount; leaf++) {
      this.leafAt[leaf] = end;
      end += leaf_region_bytes[leafCount[leaf]!]!;
    }
    this.slabBytes = end - slab_at;
    this.wasm = newSpikeWasm(end);
    this.mem = this.wasm.bytes;
    this.words = this.wasm.words;
    this.f64 = new Float64Array(this.mem.buffer);
    this.runJobs = this.wasm.runJobs;
    this.digestView = Buffer.from(this.mem.buffer, view_digest_at, slot_bytes);
    // Encodings: inner nodes from the repo's template (header, item heads), leaves from their record hashes.
    const innerTemplate = newInnerBuffer();
    for (let inner = 0; inner < this.innerCount; inner++) this.mem.set(innerTemplate, this.innerAt(inner));
    for (let leaf = 0; leaf < this.leafCount; leaf++) {
      const at = this.leafAt[leaf]!;
      const c = leafCount[leaf]!;
      const start = leafStart[leaf]!;
      this.words[at >> 2] = start;
      this.words[(at >> 2) + 1] = c;
      const input = at + leaf_input_at[c]!;
      this.mem.set(leaf_header, input);
      this.mem[input + leaf_header.length] = 0x80 | c;
      for (let p = 0; p < c; p++) {
        this.f64[((at + leaf_head_bytes) >> 3) + p] = idKey(records[start + p]!.id);
        const item = input + leaf_items_at + p * hash_item_bytes;
        this.mem[item] = hash_item_head[0];
        this.mem[item + 1] = hash_item_head[1];
        this.mem.set(hashes.subarray((start + p) * 32, (start + p) * 32 + 32), item + 2);
      }
    }
    this.mem.set(template.bytes, view_input_at);
    this.rehashAll();
  }

  private innerAt(inner: number): number {
    return this.innerBase + inner * inner_buffer_bytes;
  }

  private queue(slots: number, input: number, first: number, blocks: number, length: number, out: number): void {
    const w = (jobs_at + this.jobs * job_bytes) >> 2;
    const words = this.words;
    words[w] = slots;
    words[w + 1] = input;
    words[w + 2] = first;
    words[w + 3] = blocks;
    words[w + 4] = length;
    words[w + 5] = out;
    this.jobs += 1;
  }

  private flushIfFull(): void {
    if (this.jobs < jobs_max) return;
    this.runJobs(jobs_at, this.jobs);
    this.jobs = 0;
  }

  /** Hashes every node from block 0, children first, then the view digest. Build, and repair after timing runs. */
  rehashAll(): void {
    const empty = this.leafAt[0]!;
    this.jobs = 0;
    this.queue(empty + leaf_slots_at[0]!, empty + leaf_input_at[0]!, 0, leaf_blocks[0]!, leaf_length[0]!, 0);
    this.runJobs(jobs_at, 1);
    this.jobs = 0;
    const emptyHash = empty + leaf_slots_at[0]! + (leaf_blocks[0]! - 1) * slot_bytes;
    this.mem.copyWithin(view_edges_at, emptyHash, emptyHash + slot_bytes); // the edge table is empty here
    const walk = (ref: number, out: number): void => {
      if (ref < 0) {
        const at = this.leafAt[~ref]!;
        const c = this.words[(at >> 2) + 1]!;
        this.queue(at + leaf_slots_at[c]!, at + leaf_input_at[c]!, 0, leaf_blocks[c]!, leaf_length[c]!, out);
        this.flushIfFull();
        return;
      }
      const at = this.innerAt(ref);
      for (let d = 0; d < trie_fanout; d++) {
        const child = this.children[ref * trie_fanout + d]!;
        if (child === ~0) this.mem.copyWithin(at + slot_offset[d]!, emptyHash, emptyHash + slot_bytes);
        else walk(child, at + slot_offset[d]!);
      }
      this.queue(at, at + inner_encoding_at, 0, inner_blocks, inner_encoding_bytes, out);
      this.flushIfFull();
    };
    walk(this.root, view_nodes_at);
    this.queue(view_slots_at, view_input_at, 0, view_blocks, template.bytes.length, 0);
    this.runJobs(jobs_at, this.jobs);
    this.jobs = 0;
  }

  /**
   * Finds `id` (walk the children by its hex digits, then scan the leaf's keys), stores `record` and its record
   * `hash`, re-hashes the leaf and the path from its first changed block, then the view digest: one call into
   * WebAssembly. Returns the view digest in hex. With `hash` false the jobs are queued but not run (timing only:
   * the trie's hashes are stale until rehashAll()).
   */
  update(id: string, record: R, recordHash: Uint8Array, hash = true): string {
    const children = this.children;
    let ref = this.root;
    let depth = 0;
    while (ref >= 0) {
      const digit = digitAt(id, depth);
      this.pathNode[depth] = ref;
      this.pathDigit[depth] = digit;
      ref = children[ref * trie_fanout + digit]!;
      depth++;
    }
    const at = this.leafAt[~ref]!;
    const start = this.words[at >> 2]!;
    const count = this.words[(at >> 2) + 1]!;
    const key = idKey(id);
    const keysAt = (at + leaf_head_bytes) >> 3;
    let pos = -1;
    for (let i = 0; i < count; i++) {
      const k = this.f64[keysAt + i]!;
      if (k === key && this.records[start + i]!.id === id) {
        pos = i;
        break;
      }
      if (k > key) break;
    }
    if (pos < 0) throw new Error(`update of ${id}, which the table does not hold`);
    this.records[start + pos] = record;
    const input = at + leaf_input_at[count]!;
    this.mem.set(recordHash, input + leaf_items_at + pos * hash_item_bytes + hash_item_head.length);
    // Leaf, then each ancestor from the deepest, each writing its hash into its parent's slot; then the view.
    this.jobs = 0;
    const first = item_block[pos]!;
    const blocks = leaf_blocks[count]!;
    let out =
      depth > 0 ? this.innerAt(this.pathNode[depth - 1]!) + slot_offset[this.pathDigit[depth - 1]!]! : view_nodes_at;
    this.queue(at + leaf_slots_at[count]!, input, first, blocks, leaf_length[count]!, out);
    let compressions = blocks - first;
    for (let level = depth - 1; level >= 0; level--) {
      const inner = this.innerAt(this.pathNode[level]!);
      out =
        level > 0 ? this.innerAt(this.pathNode[level - 1]!) + slot_offset[this.pathDigit[level - 1]!]! : view_nodes_at;
      const from = slot_block[this.pathDigit[level]!]!;
      this.queue(inner, inner + inner_encoding_at, from, inner_blocks, inner_encoding_bytes, out);
      compressions += inner_blocks - from;
    }
    this.queue(view_slots_at, view_input_at, view_nodes_block, view_blocks, template.bytes.length, 0);
    compressions += view_blocks - view_nodes_block;
    this.compressions += compressions;
    if (hash) this.runJobs(jobs_at, this.jobs);
    return this.digestView.toString("hex");
  }

  /** Lookup only: the record for `id`, or undefined. */
  get(id: string): R | undefined {
    let ref = this.root;
    let depth = 0;
    while (ref >= 0) ref = this.children[ref * trie_fanout + digitAt(id, depth++)]!;
    const at = this.leafAt[~ref]!;
    const start = this.words[at >> 2]!;
    const count = this.words[(at >> 2) + 1]!;
    const key = idKey(id);
    const keysAt = (at + leaf_head_bytes) >> 3;
    for (let i = 0; i < count; i++) {
      const k = this.f64[keysAt + i]!;
      if (k === key && this.records[start + i]!.id === id) return this.records[start + i];
      if (k > key) break;
    }
    return undefined;
  }

  digestHex(): string {
    return this.digestView.toString("hex");
  }

  rootHash(): Uint8Array {
    const at = this.root >= 0 ? this.innerAt(this.root) + (inner_blocks - 1) * slot_bytes : -1;
    if (at < 0) throw new Error("spike: root is a leaf (tables of <= 16 records are not measured here)");
    return this.mem.slice(at, at + slot_bytes);
  }

  /** Bytes this layout holds (not counting the record objects and the records array): slab, typed arrays. */
  layoutBytes(): { wasmSlab: number; wasmTotal: number; typedArrays: number; leaves: number; leafRecordsMean: number } {
    return {
      wasmSlab: this.slabBytes,
      wasmTotal: this.mem.byteLength,
      typedArrays: this.children.byteLength + this.leafAt.byteLength,
      leaves: this.leafCount - 1,
      leafRecordsMean: this.records.length / (this.leafCount - 1),
    };
  }
}
