// Byte layout of the record table's trie nodes: their canonical encodings (the digest definition,
// ../digest/spec.ts) and the buffers that keep those encodings and their BLAKE3 chaining values between writes.
import { encodeCanonical } from "../canonical/index.js";
import { blake3BlockCount, blake3_block_bytes } from "../hash/index.js";
import {
  record_hash_bytes,
  trie_fanout,
  trie_inner_tag,
  trie_leaf_records_max,
  trie_leaf_tag,
} from "../digest/spec.js";

/** Canonical CBOR head of a 32-byte byte string (major 2, one-byte length 32). */
export const hash_item_head = [0x58, 0x20] as const;
/** A hash as it appears inside the encoded leaf and inner arrays: head + 32 bytes. */
export const hash_item_bytes = hash_item_head.length + record_hash_bytes;
/** Bytes of a BLAKE3 chaining value (a midstate slot), and of a node's hash. */
export const slot_bytes = 32;

if (trie_leaf_records_max > 23 || trie_fanout > 23) {
  // Array heads below are one byte (CBOR short count); a bigger array would need a different head.
  throw new Error("record-table assumes arrays of at most 23 items");
}

function headerFor(tag: string): Uint8Array {
  const text = encodeCanonical(tag);
  const header = new Uint8Array(1 + text.length);
  header[0] = 0x82; // array of 2: [tag, hashes]
  header.set(text, 1);
  return header;
}
/** `[tag, ` of a leaf's encoding; the array head of its hashes (0x80 | count) follows. */
export const leaf_header = headerFor(trie_leaf_tag);
const inner_header = headerFor(trie_inner_tag);

// ---- leaves ----------------------------------------------------------------------------------------------------
// A leaf keeps its records' hash items, then its own hash: items = [count x (head + hash) | leaf hash (32)]. The
// encoding that is hashed is leaf_header, the array head, then the items (without the leaf hash).

/** Where the first hash item starts in a leaf's encoding. */
export const leaf_items_at = leaf_header.length + 1;
export const leaf_encoding_bytes_max = leaf_items_at + trie_leaf_records_max * hash_item_bytes;
/** Midstate slots a leaf keeps once it is updated: one per block of its longest encoding but the last. */
export const leaf_midstate_bytes = (blake3BlockCount(leaf_encoding_bytes_max) - 1) * slot_bytes;

/** Length of a leaf's encoding with `count` records. */
export function leafEncodingBytes(count: number): number {
  return leaf_items_at + count * hash_item_bytes;
}

/** Where a leaf's own hash sits in its items buffer. */
export function leafHashAt(count: number): number {
  return count * hash_item_bytes;
}

/** A leaf items buffer for `count` records, with room for the leaf hash after them. */
export function newLeafItems(count: number): Uint8Array {
  return new Uint8Array(count * hash_item_bytes + slot_bytes);
}

/** The block of the leaf encoding where the hash of the record at `pos` starts. */
export function leafItemBlock(pos: number): number {
  return Math.floor((leaf_items_at + pos * hash_item_bytes + hash_item_head.length) / blake3_block_bytes);
}

// ---- inner nodes -----------------------------------------------------------------------------------------------
// An inner node keeps one buffer: [midstate slots (32 bytes per block) | encoding | zero padding to a whole
// block]. Slot b holds the chaining value after block b as last hashed; the last slot is the node's hash. One
// buffer per node (not three objects) keeps a node's bytes together in memory and lets the hasher copy it into
// WebAssembly memory and back in one piece each way.

export const inner_encoding_bytes = inner_header.length + 1 + trie_fanout * hash_item_bytes;
export const inner_blocks = blake3BlockCount(inner_encoding_bytes);
/** Where the encoding starts in an inner node's buffer: after one midstate slot per block. */
export const inner_encoding_at = inner_blocks * slot_bytes;
export const inner_buffer_bytes = inner_encoding_at + inner_blocks * blake3_block_bytes;
/** Where an inner node's hash sits in its buffer (the slot of the last block). */
export const inner_hash_at = (inner_blocks - 1) * slot_bytes;

/** Offset of child `digit`'s hash in an inner node's encoding. */
export function innerSlotOffset(digit: number): number {
  return inner_header.length + 1 + digit * hash_item_bytes + hash_item_head.length;
}

/** The block of an inner node's encoding holding the start of child `digit`'s hash. */
export function innerSlotBlock(digit: number): number {
  return Math.floor(innerSlotOffset(digit) / blake3_block_bytes);
}

/** A fresh inner buffer: header and hash-item heads written; the child hashes are filled in when it is hashed. */
export function newInnerBuffer(): Uint8Array {
  const buffer = new Uint8Array(inner_buffer_bytes);
  buffer.set(inner_header, inner_encoding_at);
  buffer[inner_encoding_at + inner_header.length] = 0x80 | trie_fanout;
  for (let digit = 0; digit < trie_fanout; digit++) {
    const at = inner_encoding_at + innerSlotOffset(digit) - hash_item_head.length;
    buffer[at] = hash_item_head[0];
    buffer[at + 1] = hash_item_head[1];
  }
  return buffer;
}
