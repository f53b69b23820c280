// A table of records keyed by id: a persistent 16-ary trie on the id's hex digits whose nodes cache the Merkle
// hashes of the digest definition (../digest/spec.ts). Its shape depends only on the set of ids, never on the
// order of writes, so the cached root hash is exactly the from-scratch digest.
//
// Persistence is copy-on-write by ownership: every trie node carries the token of the writer that made it. A
// writer changes its own nodes in place and copies anyone else's, so an overlay shares the whole base trie and
// pays only for the O(depth) path of each write. A write clears cached hashes along its path; the next digest
// re-hashes just those nodes (a batch of ops re-hashes a shared path once), in one call (trie-hasher.ts).
import { blake3ChunkInto } from "../hash/index.js";
import { internalInvariant } from "../errors/index.js";
import { digitAt, record_hash_bytes, trie_fanout, trie_leaf_records_max } from "../digest/spec.js";
import { record_id_chars } from "./record.js";
import { tableRootHash } from "./trie-hasher.js";
import {
  hash_item_bytes,
  hash_item_head,
  leafEncodingBytes,
  leafHashAt,
  leafItemBlock,
  leaf_header,
  leaf_midstate_bytes,
  newInnerBuffer,
  newLeafItems,
} from "./trie-layout.js";

export interface RecordWithId {
  readonly id: string;
}

export interface TrieLeaf<R extends RecordWithId> {
  readonly isLeaf: true;
  owner: number;
  /** Sorted by id. */
  records: R[];
  /**
   * Per record: its id's sort key (idKey). A search compares these numbers, kept inline in one array, instead of
   * following a pointer to each probed record and its id string: at 100k+ records every such pointer is a cache
   * miss, and lookups are most of a rewrite's memory traffic.
   */
  keys: number[];
  /** Per record: how many other records reference it (incident edges of a node); not part of the digest. */
  refs: number[];
  /**
   * Per record, in order: the record hash as an encoded CBOR item (head + 32 bytes), ready to hash; then the leaf's
   * own hash as last computed (trie-layout.ts). One buffer, so a leaf costs no separate hash object.
   */
  items: Uint8Array;
  /**
   * BLAKE3 chaining values of the leaf encoding as last hashed, kept from the first replace of a record in a leaf
   * big enough to gain from them (leaf_midstates_records_min). Replacing a record (an update) leaves the blocks
   * before its item unchanged; inserts and removes change the count in the array head, in block 0, and hash
   * everything again. Only updated leaves pay the 256 bytes: at 1M records, midstates on every leaf would cost
   * more memory than the 1 GB budget has to spare.
   */
  midstates: Uint8Array | null;
  /** The first block that changed since the last hash (0 after an insert or remove); only read when not hashed. */
  resumeBlock: number;
  /** True when the hash at the end of `items` is this leaf's current hash. */
  hashed: boolean;
}

export interface TrieInner<R extends RecordWithId> {
  readonly isLeaf: false;
  owner: number;
  children: TrieNode<R>[];
  /** Records in this subtree. */
  count: number;
  /**
   * Midstate slots, then the node's canonical encoding (trie-layout.ts), kept between writes. BLAKE3 chaining values
   * after each block as last hashed, the last being the node's hash: a write changes one child slot, and every
   * block before that slot hashes as before, so re-hashing resumes at the slot's block, on average about half of
   * the 9 blocks (docs/adr/0013-blake3-single-chunk-hashing.md). Re-hashing writes only the slots of children
   * that changed (`dirtySlots`, one bit per digit) instead of re-assembling 16 hashes.
   */
  buffer: Uint8Array;
  dirtySlots: number;
  /** True when the buffer's midstates and hash describe its current children. */
  hashed: boolean;
}

export type TrieNode<R extends RecordWithId> = TrieLeaf<R> | TrieInner<R>;

/** Owner of nodes nobody may change in place (the shared empty leaf). */
const frozen_owner = 0;
let lastOwner = frozen_owner;

/** A fresh writer token. Tokens only decide copy-vs-mutate; they never reach a digest or the log. */
export function newOwner(): number {
  lastOwner += 1;
  return lastOwner;
}

/** Leaves smaller than this hash in two blocks or fewer: too little to skip for their midstates' 256 bytes. */
const leaf_midstates_records_min = 4;

function emptyLeafItems(): Uint8Array {
  const encoding = new Uint8Array(leafEncodingBytes(0));
  encoding.set(leaf_header, 0);
  encoding[leaf_header.length] = 0x80;
  const items = newLeafItems(0);
  blake3ChunkInto(encoding, 0, encoding.length, items, leafHashAt(0));
  return items;
}

const empty_leaf: TrieLeaf<RecordWithId> = {
  isLeaf: true,
  owner: frozen_owner,
  records: [],
  keys: [],
  refs: [],
  items: emptyLeafItems(),
  midstates: null,
  resumeBlock: 0,
  hashed: true,
};

export function emptyTable<R extends RecordWithId>(): TrieNode<R> {
  return empty_leaf as TrieLeaf<R>;
}

export function tableCount(node: TrieNode<RecordWithId>): number {
  return node.isLeaf ? node.records.length : node.count;
}

/** The root hash (a fresh copy), re-hashing only the nodes written since the last call. */
export function tableRoot(node: TrieNode<RecordWithId>): Uint8Array {
  return tableRootHash(node);
}

const all_slots_dirty = (1 << trie_fanout) - 1;

/** True when no node under `node` waits for re-hashing; a table must be clean before another view shares it. */
export function tableIsClean(node: TrieNode<RecordWithId>): boolean {
  return node.hashed;
}

/** Hex digits of an id that make its sort key: 13 x 4 = 52 bits, exact in a double. */
const id_key_digits = 13;

/**
 * The number formed by an id's first 13 hex digits. Keys order like the ids they come from; two ids with equal
 * keys (a 52-bit prefix collision, not expected in practice but possible) are ordered by the ids themselves.
 */
function idKey(id: string): number {
  let key = 0;
  for (let i = 0; i < id_key_digits; i++) key = key * 16 + digitAt(id, i);
  return key;
}

/** The first position in `leaf` whose id is >= `id` (`key` = idKey(id)). */
function lowerBound(leaf: TrieLeaf<RecordWithId>, id: string, key: number): number {
  const keys = leaf.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const probe = keys[mid]!;
    if (probe < key || (probe === key && leaf.records[mid]!.id < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of `id` in `leaf`, or -1. */
function indexIn(leaf: TrieLeaf<RecordWithId>, id: string, key: number): number {
  const pos = lowerBound(leaf, id, key);
  return pos < leaf.records.length && leaf.keys[pos] === key && leaf.records[pos]!.id === id ? pos : -1;
}

function findLeafEntry<R extends RecordWithId>(
  root: TrieNode<R>,
  id: string,
): { leaf: TrieLeaf<R>; pos: number } | undefined {
  let node = root;
  let depth = 0;
  while (!node.isLeaf) {
    node = node.children[digitAt(id, depth)]!;
    depth += 1;
  }
  const pos = indexIn(node, id, idKey(id));
  return pos < 0 ? undefined : { leaf: node, pos };
}

export function tableGet<R extends RecordWithId>(root: TrieNode<R>, id: string): R | undefined {
  const entry = findLeafEntry(root, id);
  return entry === undefined ? undefined : entry.leaf.records[entry.pos];
}

/** How many records reference `id` (0 when absent). */
export function tableRefs(root: TrieNode<RecordWithId>, id: string): number {
  const entry = findLeafEntry(root, id);
  return entry === undefined ? 0 : entry.leaf.refs[entry.pos]!;
}

/** The record hash stored for `id`, to compare content without re-encoding (collapse conflicts). */
export function tableRecordHash(root: TrieNode<RecordWithId>, id: string): Uint8Array | undefined {
  const entry = findLeafEntry(root, id);
  if (entry === undefined) return undefined;
  const start = entry.pos * hash_item_bytes + hash_item_head.length;
  return entry.leaf.items.slice(start, start + record_hash_bytes);
}

function writableLeaf<R extends RecordWithId>(leaf: TrieLeaf<R>, owner: number): TrieLeaf<R> {
  if (leaf.owner === owner) return leaf;
  return {
    isLeaf: true,
    owner,
    records: leaf.records.slice(),
    keys: leaf.keys.slice(),
    refs: leaf.refs.slice(),
    // Copied with the rest, so the owner may overwrite a record's hash in place (replace is the common write).
    items: leaf.items.slice(),
    midstates: leaf.midstates === null ? null : leaf.midstates.slice(),
    resumeBlock: leaf.resumeBlock,
    hashed: leaf.hashed,
  };
}

function writableInner<R extends RecordWithId>(inner: TrieInner<R>, owner: number): TrieInner<R> {
  if (inner.owner === owner) return inner;
  return {
    isLeaf: false,
    owner,
    children: inner.children.slice(),
    count: inner.count,
    buffer: inner.buffer.slice(),
    dirtySlots: inner.dirtySlots,
    hashed: inner.hashed,
  };
}

function hashItem(hash: Uint8Array): Uint8Array {
  const item = new Uint8Array(hash_item_bytes);
  item[0] = hash_item_head[0];
  item[1] = hash_item_head[1];
  item.set(hash, hash_item_head.length);
  return item;
}

/** A leaf's items with one item inserted or removed at `pos` (room for the leaf hash after them; not hashed). */
function spliceItems(items: Uint8Array, count: number, pos: number, remove: boolean, insert: Uint8Array | null) {
  const at = pos * hash_item_bytes;
  const next = newLeafItems(count + (remove ? -1 : 0) + (insert === null ? 0 : 1));
  next.set(items.subarray(0, at), 0);
  if (insert !== null) next.set(insert, at);
  const rest = at + (remove ? hash_item_bytes : 0);
  next.set(items.subarray(rest, count * hash_item_bytes), at + (insert === null ? 0 : hash_item_bytes));
  return next;
}

/** A leaf items buffer holding items [from, to) of `items` (room for the leaf hash after them). */
function sliceItems(items: Uint8Array, from: number, to: number): Uint8Array {
  const next = newLeafItems(to - from);
  next.set(items.subarray(from * hash_item_bytes, to * hash_item_bytes), 0);
  return next;
}

/** A subtree for sorted entries at `depth`, shaped by the leaf rule alone (used on split and merge). */
function buildSubtree<R extends RecordWithId>(
  records: R[],
  keys: number[],
  refs: number[],
  items: Uint8Array,
  depth: number,
  owner: number,
): TrieNode<R> {
  if (records.length === 0) return emptyTable<R>();
  if (records.length <= trie_leaf_records_max) {
    const hasRoom = items.length === leafHashAt(records.length) + record_hash_bytes;
    const leafItems = hasRoom ? items : sliceItems(items, 0, records.length);
    return {
      isLeaf: true,
      owner,
      records,
      keys,
      refs,
      items: leafItems,
      midstates: null,
      resumeBlock: 0,
      hashed: false,
    };
  }
  if (depth >= record_id_chars) throw internalInvariant(`trie deeper than an id is long: duplicate ids?`);
  const children: TrieNode<R>[] = [];
  let start = 0;
  for (let digit = 0; digit < trie_fanout; digit++) {
    let end = start;
    while (end < records.length && digitAt(records[end]!.id, depth) === digit) end++;
    children.push(
      buildSubtree(
        records.slice(start, end),
        keys.slice(start, end),
        refs.slice(start, end),
        sliceItems(items, start, end),
        depth + 1,
        owner,
      ),
    );
    start = end;
  }
  if (start !== records.length) throw internalInvariant("trie records were not sorted by id");
  return {
    isLeaf: false,
    owner,
    children,
    count: records.length,
    buffer: newInnerBuffer(),
    dirtySlots: all_slots_dirty,
    hashed: false,
  };
}

export function tableInsert<R extends RecordWithId>(
  root: TrieNode<R>,
  record: R,
  hash: Uint8Array,
  owner: number,
): TrieNode<R> {
  return insertAt(root, record, hashItem(hash), owner, 0);
}

function insertAt<R extends RecordWithId>(
  node: TrieNode<R>,
  record: R,
  item: Uint8Array,
  owner: number,
  depth: number,
): TrieNode<R> {
  if (!node.isLeaf) {
    const inner = writableInner(node, owner);
    const digit = digitAt(record.id, depth);
    inner.children[digit] = insertAt(inner.children[digit]!, record, item, owner, depth + 1);
    inner.count += 1;
    inner.dirtySlots |= 1 << digit;
    inner.hashed = false;
    return inner;
  }
  const key = idKey(record.id);
  const pos = lowerBound(node, record.id, key);
  if (pos < node.records.length && node.records[pos]!.id === record.id) {
    throw internalInvariant(`insert of ${record.id}, which the table already holds`);
  }
  const leaf = writableLeaf(node, owner);
  leaf.records.splice(pos, 0, record);
  leaf.keys.splice(pos, 0, key);
  leaf.refs.splice(pos, 0, 0);
  leaf.items = spliceItems(leaf.items, leaf.records.length - 1, pos, false, item);
  leaf.resumeBlock = 0;
  leaf.hashed = false;
  if (leaf.records.length <= trie_leaf_records_max) return leaf;
  return buildSubtree(leaf.records, leaf.keys, leaf.refs, leaf.items, depth, owner);
}

export function tableRemove<R extends RecordWithId>(root: TrieNode<R>, id: string, owner: number): TrieNode<R> {
  return removeAt(root, id, owner, 0);
}

function removeAt<R extends RecordWithId>(node: TrieNode<R>, id: string, owner: number, depth: number): TrieNode<R> {
  if (node.isLeaf) {
    const pos = indexIn(node, id, idKey(id));
    if (pos < 0) throw internalInvariant(`remove of ${id}, which the table does not hold`);
    if (node.records.length === 1) return emptyTable<R>();
    const leaf = writableLeaf(node, owner);
    leaf.records.splice(pos, 1);
    leaf.keys.splice(pos, 1);
    leaf.refs.splice(pos, 1);
    leaf.items = spliceItems(leaf.items, leaf.records.length + 1, pos, true, null);
    leaf.resumeBlock = 0;
    leaf.hashed = false;
    return leaf;
  }
  const inner = writableInner(node, owner);
  const digit = digitAt(id, depth);
  inner.children[digit] = removeAt(inner.children[digit]!, id, owner, depth + 1);
  inner.count -= 1;
  inner.dirtySlots |= 1 << digit;
  inner.hashed = false;
  if (inner.count > trie_leaf_records_max) return inner;
  return mergeIntoLeaf(inner, owner);
}

function mergeIntoLeaf<R extends RecordWithId>(inner: TrieInner<R>, owner: number): TrieLeaf<R> {
  const records: R[] = [];
  const keys: number[] = [];
  const refs: number[] = [];
  const parts: Uint8Array[] = [];
  collectAll(inner, records, keys, refs, parts);
  const items = newLeafItems(records.length);
  let at = 0;
  for (const part of parts) {
    items.set(part, at);
    at += part.length;
  }
  return { isLeaf: true, owner, records, keys, refs, items, midstates: null, resumeBlock: 0, hashed: false };
}

function collectAll<R extends RecordWithId>(
  node: TrieNode<R>,
  records: R[],
  keys: number[],
  refs: number[],
  parts: Uint8Array[],
): void {
  if (node.isLeaf) {
    records.push(...node.records);
    keys.push(...node.keys);
    refs.push(...node.refs);
    parts.push(node.items.subarray(0, leafHashAt(node.records.length)));
    return;
  }
  for (const child of node.children) collectAll(child, records, keys, refs, parts);
}

/** Writes `change` into the leaf entry for `id` along a writable path; `rehash` says whether the digest changes. */
function updateAt<R extends RecordWithId>(
  node: TrieNode<R>,
  id: string,
  owner: number,
  depth: number,
  rehash: boolean,
  change: (leaf: TrieLeaf<R>, pos: number) => void,
): TrieNode<R> {
  if (!node.isLeaf) {
    const inner = writableInner(node, owner);
    const digit = digitAt(id, depth);
    inner.children[digit] = updateAt(inner.children[digit]!, id, owner, depth + 1, rehash, change);
    if (rehash) {
      inner.dirtySlots |= 1 << digit;
      inner.hashed = false;
    }
    return inner;
  }
  const pos = indexIn(node, id, idKey(id));
  if (pos < 0) throw internalInvariant(`update of ${id}, which the table does not hold`);
  const leaf = writableLeaf(node, owner);
  change(leaf, pos);
  if (rehash) leaf.hashed = false;
  return leaf;
}

export function tableReplace<R extends RecordWithId>(
  root: TrieNode<R>,
  record: R,
  hash: Uint8Array,
  owner: number,
): TrieNode<R> {
  return updateAt(root, record.id, owner, 0, true, (leaf, pos) => {
    leaf.records[pos] = record;
    leaf.items.set(hash, pos * hash_item_bytes + hash_item_head.length);
    if (leaf.midstates === null) {
      if (leaf.records.length >= leaf_midstates_records_min) {
        leaf.midstates = new Uint8Array(leaf_midstate_bytes);
        leaf.resumeBlock = 0; // fresh midstates describe nothing yet: the next hash fills them
      }
      return;
    }
    // Blocks before this item hash as before (the change callback runs before the leaf is marked dirty).
    const block = leafItemBlock(pos);
    leaf.resumeBlock = leaf.hashed ? block : Math.min(leaf.resumeBlock, block);
  });
}

export function tableAdjustRefs<R extends RecordWithId>(
  root: TrieNode<R>,
  id: string,
  delta: number,
  owner: number,
): TrieNode<R> {
  return updateAt(root, id, owner, 0, false, (leaf, pos) => {
    const refs = leaf.refs[pos]! + delta;
    if (refs < 0) throw internalInvariant(`reference count of ${id} would drop below zero`);
    leaf.refs[pos] = refs;
  });
}

/**
 * Up to `limit` records with id > `after` (or from the start), in id order. The walk skips whole subtrees before
 * `after` by its digits, so a page costs O(depth + limit) whatever the table size.
 */
export function tableSlice<R extends RecordWithId>(root: TrieNode<R>, after: string | null, limit: number): R[] {
  const out: R[] = [];
  sliceInto(root, after, limit, out, 0);
  return out;
}

function sliceInto<R extends RecordWithId>(
  node: TrieNode<R>,
  after: string | null,
  limit: number,
  out: R[],
  depth: number,
): void {
  if (node.isLeaf) {
    let pos = 0;
    if (after !== null) {
      pos = lowerBound(node, after, idKey(after));
      if (pos < node.records.length && node.records[pos]!.id === after) pos += 1;
    }
    while (pos < node.records.length && out.length < limit) out.push(node.records[pos++]!);
    return;
  }
  const first = after === null ? 0 : digitAt(after, depth);
  for (let digit = first; digit < trie_fanout && out.length < limit; digit++) {
    sliceInto(node.children[digit]!, digit === first ? after : null, limit, out, depth + 1);
  }
}

/** One record that differs between two versions of a table: absent before (inserted), after (removed), or both. */
export interface TableChange<R extends RecordWithId> {
  readonly id: string;
  readonly before: R | undefined;
  readonly after: R | undefined;
}

/**
 * The records that differ between two versions of a table, in id order. Subtrees the versions share are the same
 * objects and are skipped without a look, so an overlay's diff against its base costs O(changes x depth), not
 * O(table) — what collapse (issue 4) needs. "Differs" means different record hash: a rewrite that left a record's
 * content as it was is no change.
 */
export function tableDiff<R extends RecordWithId>(before: TrieNode<R>, after: TrieNode<R>): TableChange<R>[] {
  const out: TableChange<R>[] = [];
  diffInto(before, after, out);
  return out;
}

function diffInto<R extends RecordWithId>(before: TrieNode<R>, after: TrieNode<R>, out: TableChange<R>[]): void {
  if (before === after) return;
  if (!before.isLeaf && !after.isLeaf) {
    for (let digit = 0; digit < trie_fanout; digit++) diffInto(before.children[digit]!, after.children[digit]!, out);
    return;
  }
  // A leaf on either side bounds the work: a leaf holds at most 16 records, so the other side holds at most
  // 16 + (number of changes) records.
  const a = flatten(before);
  const b = flatten(after);
  let i = 0;
  let j = 0;
  while (i < a.records.length || j < b.records.length) {
    const left = a.records[i];
    const right = b.records[j];
    if (right === undefined || (left !== undefined && left.id < right.id)) {
      out.push({ id: left!.id, before: left, after: undefined });
      i++;
    } else if (left === undefined || right.id < left.id) {
      out.push({ id: right.id, before: undefined, after: right });
      j++;
    } else {
      if (!sameItem(a.items, i, b.items, j)) out.push({ id: left.id, before: left, after: right });
      i++;
      j++;
    }
  }
}

function flatten<R extends RecordWithId>(node: TrieNode<R>): { records: R[]; items: Uint8Array } {
  if (node.isLeaf) return { records: node.records, items: node.items };
  const records: R[] = [];
  const parts: Uint8Array[] = [];
  collectAll(node, records, [], [], parts);
  const items = new Uint8Array(records.length * hash_item_bytes);
  let at = 0;
  for (const part of parts) {
    items.set(part, at);
    at += part.length;
  }
  return { records, items };
}

function sameItem(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  const x = i * hash_item_bytes;
  const y = j * hash_item_bytes;
  for (let k = 0; k < hash_item_bytes; k++) if (a[x + k] !== b[y + k]) return false;
  return true;
}

/**
 * A table holding `records` (sorted by id, no duplicates) with their record hashes and reference counts, built in
 * one pass: what loading a checkpoint needs instead of one insert per record (each insert re-allocates a leaf's
 * items; a bulk build allocates each leaf once).
 */
export function tableFromSorted<R extends RecordWithId>(
  records: R[],
  hashes: readonly Uint8Array[],
  refs: number[],
  owner: number,
): TrieNode<R> {
  if (hashes.length !== records.length || refs.length !== records.length) {
    throw internalInvariant("tableFromSorted needs one hash and one reference count per record");
  }
  const keys = new Array<number>(records.length);
  const items = new Uint8Array(records.length * hash_item_bytes);
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && !(records[i - 1]!.id < records[i]!.id)) {
      throw internalInvariant(`tableFromSorted: ids not strictly ascending at ${records[i]!.id}`);
    }
    keys[i] = idKey(records[i]!.id);
    items[i * hash_item_bytes] = hash_item_head[0];
    items[i * hash_item_bytes + 1] = hash_item_head[1];
    items.set(hashes[i]!, i * hash_item_bytes + hash_item_head.length);
  }
  return buildSubtree(records, keys, refs, items, 0, owner);
}
