// Synchronous reads of single durable records, for APIs that must answer without awaiting (history pages read
// back from the log instead of kept in memory). Each record is verified again (magic, header fields, seq,
// checksum): the file may have changed on disk since the open scan checked it.
import type { FileHandle } from "../storage/index.js";
import { WalError } from "./errors.js";
import {
  frameChecksum,
  frame_checksum_at,
  frame_header_bytes,
  frame_length_at,
  frame_reserved_at,
  frame_seq_at,
  frame_version_at,
  hasMagic,
  record_magic,
  wal_format_version,
} from "./frame.js";
import { wal_read_block_bytes, wal_read_cache_blocks } from "./limits.js";

interface Block {
  /** File offset of bytes[0]. */
  readonly start: number;
  readonly bytes: Uint8Array;
  /** Over `bytes`, for reading frame header fields in place. */
  readonly view: DataView;
}

/**
 * Reads aligned blocks of wal_read_block_bytes through a small most-recently-used cache, so paging through
 * history costs one read per block rather than one per record. A block is never overwritten once read (a miss
 * reads into a new one): payload views handed out stay valid, as the scanner's do.
 */
export class RecordReader {
  /** Most recently used first. */
  private blocks: Block[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {}

  /**
   * The payload of record `seq`, whose frame occupies file bytes [start, end) (from the offset index); the log is
   * durable up to `durableEnd` (a block never caches bytes past it: they may still be written). Throws
   * WAL_CORRUPT naming the offset if the bytes there are no longer that intact record.
   */
  read(seq: number, start: number, end: number, durableEnd: number): Uint8Array {
    const block = this.blockHolding(start, end, durableEnd);
    const local = start - block.start;
    const { bytes, view } = block;
    if (block.start + bytes.length < end) return this.fail(seq, start, "the file ends before the record does");
    if (end - start < frame_header_bytes || !hasMagic(bytes, local, record_magic)) {
      return this.fail(seq, start, "bad record magic");
    }
    // The fields of readFrameHeader (frame.ts), read in place: history pages read many records in a row.
    if (view.getUint16(local + frame_version_at) !== wal_format_version || view.getUint16(local + frame_reserved_at)) {
      return this.fail(seq, start, "bad frame header");
    }
    if (view.getUint32(local + frame_length_at) !== end - start - frame_header_bytes) {
      return this.fail(seq, start, "length does not match the index");
    }
    const found = view.getUint32(local + frame_seq_at) * 0x1_0000_0000 + view.getUint32(local + frame_seq_at + 4);
    if (found !== seq) return this.fail(seq, start, `found seq ${found}`);
    if (frameChecksum(bytes, local, end - start) !== view.getUint32(local + frame_checksum_at)) {
      return this.fail(seq, start, "checksum mismatch");
    }
    return bytes.subarray(local + frame_header_bytes, local + end - start);
  }

  private fail(seq: number, start: number, why: string): never {
    throw new WalError(
      "WAL_CORRUPT",
      `${this.path}: reading seq ${seq} at byte offset ${start} failed (${why}); the file changed on disk after ` +
        `it was opened. Stop the process and restore the data directory from a backup.`,
      this.path,
      start,
    );
  }

  private blockHolding(start: number, end: number, durableEnd: number): Block {
    for (let i = 0; i < this.blocks.length; i++) {
      const block = this.blocks[i]!;
      if (block.start <= start && end <= block.start + block.bytes.length) {
        if (i > 0) this.blocks.splice(0, 0, ...this.blocks.splice(i, 1));
        return block;
      }
    }
    // Aligned, so a record near the end of a block finds its neighbours in the same read whichever way one pages.
    const blockStart = start - (start % wal_read_block_bytes);
    const want = Math.max(Math.min(blockStart + wal_read_block_bytes, durableEnd), end) - blockStart;
    const bytes = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const read = this.handle.readSync(bytes, got, want - got, blockStart + got);
      if (read === 0) break;
      got += read;
    }
    const block = { start: blockStart, bytes: bytes.subarray(0, got), view: new DataView(bytes.buffer, 0, got) };
    this.blocks.unshift(block);
    if (this.blocks.length > wal_read_cache_blocks) this.blocks.pop();
    return block;
  }
}
