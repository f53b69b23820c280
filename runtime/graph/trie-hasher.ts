// Re-hashing the dirty parts of record tables, and the view digest over their roots, in one call into the
// single-chunk BLAKE3 WebAssembly module (docs/adr/0014-trie-hashing-in-one-call.md).
//
// A write clears `hashed` along its path. Hashing walks the dirty nodes depth-first and lays each one out in
// WebAssembly memory (a "region": midstate slots, then the encoding) before its children, so a child's job can
// write its hash straight into the parent's encoding there; jobs are queued children first, and one call runs them
// all bottom-up, then the view digest job over both roots. Results are copied back into the nodes' own buffers
// afterwards. When the regions run out (a rewrite of many ops), the jobs queued so far run, and the nodes still
// open (ancestors of the current one, whose jobs are not queued yet) move to the front of the arena.
import { blake3Arena, blake3BlockCount, blake3RunJobs, blake3_job_words } from "../hash/index.js";
import { graphDigestTemplate } from "../digest/spec.js";
import type { RecordWithId, TrieInner, TrieLeaf, TrieNode } from "./record-table.js";
import {
  inner_blocks,
  inner_buffer_bytes,
  inner_encoding_at,
  inner_encoding_bytes,
  inner_hash_at,
  innerSlotBlock,
  innerSlotOffset,
  leafEncodingBytes,
  leafHashAt,
  leaf_header,
  leaf_items_at,
  leaf_midstate_bytes,
  slot_bytes,
} from "./trie-layout.js";

const memory = blake3Arena.bytes;
const memoryWords = blake3Arena.words;

// ---- arena layout ----------------------------------------------------------------------------------------------
/** A node's place in WebAssembly memory: midstate slots, encoding (<= 576 bytes padded), a leaf's trailing hash. */
const region_bytes = 1024;
/** The view digest: its template (two roots filled in by the root jobs) and its midstate slots. */
const template = graphDigestTemplate();
const view_blocks = blake3BlockCount(template.bytes.length);
const job_bytes = blake3_job_words * 4;
const view_slots_at = align(blake3Arena.start, 64);
const view_input_at = view_slots_at + view_blocks * slot_bytes;
const view_digest_at = view_slots_at + (view_blocks - 1) * slot_bytes;
/** Where tableRoot has a lone table's root hash copied. */
const root_out_at = align(view_input_at + view_blocks * 64, 64);
const jobs_at = root_out_at + slot_bytes;
/** Regions per call: the rest of the arena after one job per region (and the view job). */
const regions_max = Math.floor((blake3Arena.end - jobs_at - 2 * job_bytes - 64) / (region_bytes + job_bytes));
const regions_at = align(jobs_at + (regions_max + 1) * job_bytes, 64);
if (regions_max < 128) throw new Error("trie-hasher: the BLAKE3 arena has room for too few nodes");

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

memory.set(template.bytes, view_input_at);
const view_digest = Buffer.from(memory.buffer, memory.byteOffset + view_digest_at, slot_bytes);
/**
 * The block of the view digest's encoding where the nodes root starts. The blocks before it hold only constant
 * bytes and the edges root (checked below), so while the edges root's hash equals the one in the template, the
 * view job resumes there from its kept midstates: one compression fewer for a rewrite that changed no edge.
 */
const view_nodes_block = Math.floor(template.nodesOffset / 64);
if (template.edgesOffset + slot_bytes > view_nodes_block * 64) {
  throw new Error("trie-hasher: the view digest template no longer has the edges root before the nodes root's block");
}

// ---- the queue -----------------------------------------------------------------------------------------------
// Slots of these arrays are reset to `no_node` once used, so the hasher never keeps a discarded graph alive.
const no_node: TrieLeaf<RecordWithId> = {
  isLeaf: true,
  owner: 0,
  records: [],
  keys: [],
  refs: [],
  items: new Uint8Array(slot_bytes),
  midstates: null,
  resumeBlock: 0,
  hashed: true,
};
/** The node laid out in each region, for copying results back. */
const regionNodes: TrieNode<RecordWithId>[] = [];
let regionCount = 0;
let jobCount = 0;
/** Inner nodes being hashed whose jobs are not queued yet (the current path), by level, and their regions. */
const openNodes: TrieNode<RecordWithId>[] = [];
const openRegions: number[] = [];
let openCount = 0;

// Views of WebAssembly memory used to copy results back, made on first use (a view is an object; making one per
// copy would allocate on every hash).
const regionViews: Uint8Array[] = [];
const leafMidstateViews: Uint8Array[] = [];
const slotViews: Uint8Array[] = [];

function regionAt(region: number): number {
  return regions_at + region * region_bytes;
}

/** The address a node's hash goes to: into its parent's region (level >= 0), or a fixed address (level -1). */
function outAddress(parentLevel: number, offset: number): number {
  return parentLevel < 0 ? offset : regionAt(openRegions[parentLevel]!) + offset;
}

function queueJob(slotsAt: number, inputAt: number, first: number, blocks: number, length: number, out: number): void {
  const word = (jobs_at + jobCount * job_bytes) >> 2;
  memoryWords[word] = slotsAt;
  memoryWords[word + 1] = inputAt;
  memoryWords[word + 2] = first;
  memoryWords[word + 3] = blocks;
  memoryWords[word + 4] = length;
  memoryWords[word + 5] = out;
  jobCount += 1;
}

/** True when a hashed node's hash equals the 32 bytes at `address`. */
function hashEquals(node: TrieNode<RecordWithId>, address: number): boolean {
  const source = node.isLeaf ? node.items : node.buffer;
  const from = node.isLeaf ? leafHashAt(node.records.length) : inner_hash_at;
  for (let i = 0; i < slot_bytes; i++) if (memory[address + i] !== source[from + i]) return false;
  return true;
}

/** Copies an already hashed node's hash to `address` (a clean child under a dirty slot, or a clean root). */
function copyHash(node: TrieNode<RecordWithId>, address: number): void {
  const source = node.isLeaf ? node.items : node.buffer;
  const from = node.isLeaf ? leafHashAt(node.records.length) : inner_hash_at;
  for (let i = 0; i < slot_bytes; i++) memory[address + i] = source[from + i]!;
}

/** Queues the jobs that hash `node` and its dirty descendants; its hash is also copied to the out address. */
function schedule(node: TrieNode<RecordWithId>, parentLevel: number, outOffset: number): void {
  if (node.hashed) {
    copyHash(node, outAddress(parentLevel, outOffset));
    return;
  }
  if (regionCount === regions_max) runQueued();
  const region = regionCount++;
  regionNodes[region] = node;
  // Marked now, hashed by the time the outermost call returns; no node is reached twice in one walk (a dirty node
  // belongs to one writer's table, at one place in it).
  node.hashed = true;
  if (node.isLeaf) {
    scheduleLeaf(node, region, outAddress(parentLevel, outOffset));
    return;
  }
  const level = openCount++;
  openNodes[level] = node;
  openRegions[level] = region;
  memory.set(node.buffer, regionAt(region));
  let first = -1;
  for (let digit = 0, slots = node.dirtySlots; slots !== 0; digit++, slots >>>= 1) {
    if ((slots & 1) === 0) continue;
    if (first < 0) first = innerSlotBlock(digit);
    schedule(node.children[digit]!, level, inner_encoding_at + innerSlotOffset(digit));
  }
  openCount -= 1;
  openNodes[level] = no_node;
  node.dirtySlots = 0;
  // Blocks before the first changed slot are as they were when the midstates were taken (a fresh node has every
  // slot dirty, so it starts at block 0). Its region may have moved if the queue ran meanwhile.
  const at = regionAt(openRegions[level]!);
  const out = outAddress(parentLevel, outOffset);
  queueJob(at, at + inner_encoding_at, Math.max(first, 0), inner_blocks, inner_encoding_bytes, out);
}

function scheduleLeaf(leaf: TrieLeaf<RecordWithId>, region: number, out: number): void {
  const at = regionAt(region);
  const input = at + inner_encoding_at;
  const count = leaf.records.length;
  const length = leafEncodingBytes(count);
  const blocks = blake3BlockCount(length);
  memory.set(leaf_header, input);
  memory[input + leaf_header.length] = 0x80 | count;
  memory.set(leaf.items, input + leaf_items_at); // the trailing leaf hash lands after the encoding: overwritten
  let first = 0;
  if (leaf.midstates !== null && leaf.resumeBlock > 0) {
    first = Math.min(leaf.resumeBlock, blocks - 1);
    memory.set(leaf.midstates, at);
  }
  queueJob(at, input, first, blocks, length, out);
}

/** Runs the queued jobs, copies every result back, and moves the open nodes to the front of the arena. */
function runQueued(): void {
  blake3RunJobs(jobs_at, jobCount);
  for (let region = 0; region < regionCount; region++) {
    const node = regionNodes[region]!;
    regionNodes[region] = no_node;
    if (node.isLeaf) {
      const count = node.records.length;
      const last = blake3BlockCount(leafEncodingBytes(count)) - 1;
      node.items.set(slotView(region, last), leafHashAt(count));
      if (node.midstates !== null) node.midstates.set(leafMidstateView(region));
    } else {
      // Completed nodes get their midstates and hash; open ones the child hashes written into their encoding.
      node.buffer.set(regionView(region));
    }
  }
  jobCount = 0;
  regionCount = 0;
  for (let level = 0; level < openCount; level++) {
    const node = openNodes[level] as TrieInner<RecordWithId>;
    const region = regionCount++;
    regionNodes[region] = node;
    openRegions[level] = region;
    memory.set(node.buffer, regionAt(region));
  }
}

function regionView(region: number): Uint8Array {
  return (regionViews[region] ??= memory.subarray(regionAt(region), regionAt(region) + inner_buffer_bytes));
}

function leafMidstateView(region: number): Uint8Array {
  return (leafMidstateViews[region] ??= memory.subarray(regionAt(region), regionAt(region) + leaf_midstate_bytes));
}

function slotView(region: number, slot: number): Uint8Array {
  const index = region * inner_blocks + slot;
  const at = regionAt(region) + slot * slot_bytes;
  return (slotViews[index] ??= memory.subarray(at, at + slot_bytes));
}

function resetQueue(): void {
  regionCount = 0;
  jobCount = 0;
  openCount = 0;
}

/**
 * The view digest (hex) over two tables' roots, re-hashing only the nodes written since they were last hashed:
 * one call into WebAssembly for a single-op rewrite's whole path and the digest.
 */
export function tablesDigestHex(nodes: TrieNode<RecordWithId>, edges: TrieNode<RecordWithId>): string {
  resetQueue();
  // Every view job that changed the template's edges root started at block 0, so equal bytes there mean the
  // kept midstate of block 0 is that of this template.
  const edgesKept = edges.hashed && hashEquals(edges, view_input_at + template.edgesOffset);
  schedule(nodes, -1, view_input_at + template.nodesOffset);
  if (!edgesKept) schedule(edges, -1, view_input_at + template.edgesOffset);
  const first = edgesKept ? view_nodes_block : 0;
  queueJob(view_slots_at, view_input_at, first, view_blocks, template.bytes.length, 0);
  runQueued();
  return view_digest.toString("hex");
}

/** A table's root hash (a fresh copy), re-hashing only the nodes written since they were last hashed. */
export function tableRootHash(root: TrieNode<RecordWithId>): Uint8Array {
  resetQueue();
  schedule(root, -1, root_out_at);
  runQueued();
  return memory.slice(root_out_at, root_out_at + slot_bytes);
}
