import type { FileHandle } from "../storage/index.js";
import { readFully } from "../storage/index.js";
import {
  checksumMatches,
  frameChecksum,
  frame_checksum_at,
  frame_header_bytes,
  frame_length_at,
  frame_reserved_at,
  frame_seq_at,
  frame_version_at,
  hasMagic,
  readFrameHeader,
  record_magic,
  wal_format_version,
} from "./frame.js";

/** The payload of "record" steps from a scanner made without payloads. */
const no_payload = new Uint8Array(0);
import {
  wal_record_payload_bytes_max,
  wal_scan_chunk_bytes,
  wal_scan_first_chunk_bytes,
  wal_zero_check_chunk_bytes,
} from "./limits.js";

export type ScanStep =
  /** `payload` is a view into a read buffer the scanner never writes again (it shares memory with nearby records). */
  | { readonly kind: "record"; readonly seq: number; readonly payload: Uint8Array; readonly offset: number }
  | { readonly kind: "end" }
  | { readonly kind: "bad"; readonly offset: number; readonly reason: string };

/**
 * Walks record frames from `startOffset` to `endOffset` of a log file, reading in chunks of wal_scan_chunk_bytes
 * (grown only to fit one maximal frame), and reports the first frame that is not intact as "bad" with the reason.
 * It does not judge sequence numbers or decide torn-vs-corrupt: that is recovery's job.
 */
export class FrameScanner {
  private buffer: Uint8Array;
  /** Over `buffer`, made once per refill: header fields are read in place, without a view or object per frame. */
  private view: DataView;
  /** File offset of buffer[0]. */
  private bufferStart: number;
  private bufferLength = 0;
  private offset: number;
  /**
   * The next refill's size: small first (a small log in a preallocated file would otherwise cost a fresh 8 MiB
   * buffer for a few KiB of records), wal_scan_chunk_bytes after.
   */
  private chunkBytes = wal_scan_first_chunk_bytes;

  constructor(
    private readonly handle: FileHandle,
    startOffset: number,
    private readonly endOffset: number,
    /**
     * false: "record" steps carry an empty payload (the open scan needs only seqs and offsets; a view per record
     * is a measurable share of scanning a large log).
     */
    private readonly withPayloads = true,
  ) {
    this.buffer = new Uint8Array(0);
    this.view = new DataView(this.buffer.buffer);
    this.bufferStart = startOffset;
    this.offset = startOffset;
  }

  /** File offset of the next frame `next()` will look at. */
  get position(): number {
    return this.offset;
  }

  /**
   * The next frame. Returns synchronously while the frame is already buffered (nearly always): an await per record
   * is a measurable share of replay time, so callers await only when a Promise comes back.
   */
  next(): ScanStep | Promise<ScanStep> {
    return this.parseBuffered() ?? this.refillThenParse();
  }

  private async refillThenParse(): Promise<ScanStep> {
    await this.ensureBuffered(Math.min(frame_header_bytes, this.endOffset - this.offset));
    const withHeader = this.parseBuffered();
    if (withHeader !== undefined) return withHeader;
    // The header is in and sane (parseBuffered checked it); now the payload.
    const header = readFrameHeader(this.buffer, this.offset - this.bufferStart);
    await this.ensureBuffered(frame_header_bytes + header.payloadBytes);
    const step = this.parseBuffered();
    if (step === undefined) throw new Error(`frame at offset ${this.offset} still not buffered after a refill`);
    return step;
  }

  /** The step for the frame at `offset` if its bytes are buffered, else undefined. */
  private parseBuffered(): ScanStep | undefined {
    const at = this.offset;
    const remaining = this.endOffset - at;
    if (remaining === 0) return { kind: "end" };
    if (remaining < frame_header_bytes) {
      return {
        kind: "bad",
        offset: at,
        reason: `file ends inside a frame header (${remaining} of ${frame_header_bytes} bytes)`,
      };
    }
    const local = at - this.bufferStart;
    if (local + frame_header_bytes > this.bufferLength) return undefined;
    if (!hasMagic(this.buffer, local, record_magic)) return { kind: "bad", offset: at, reason: "bad record magic" };
    // The fields of readFrameHeader (frame.ts), read in place: this runs once per record of the log at every open.
    const view = this.view;
    const version = view.getUint16(local + frame_version_at);
    if (version !== wal_format_version) {
      return { kind: "bad", offset: at, reason: `unknown record format version ${version}` };
    }
    if (view.getUint16(local + frame_reserved_at) !== 0) {
      return { kind: "bad", offset: at, reason: "reserved field is not 0" };
    }
    const payloadBytes = view.getUint32(local + frame_length_at);
    if (payloadBytes > wal_record_payload_bytes_max) {
      return { kind: "bad", offset: at, reason: `payload length ${payloadBytes} exceeds the maximum` };
    }
    const frameBytes = frame_header_bytes + payloadBytes;
    if (frameBytes > remaining) {
      return {
        kind: "bad",
        offset: at,
        reason: `file ends inside the payload (${remaining - frame_header_bytes} of ${payloadBytes} bytes)`,
      };
    }
    if (local + frameBytes > this.bufferLength) return undefined;
    if (frameChecksum(this.buffer, local, frameBytes) !== view.getUint32(local + frame_checksum_at)) {
      return { kind: "bad", offset: at, reason: "checksum mismatch" };
    }
    const seqHigh = view.getUint32(local + frame_seq_at);
    // A seq beyond 2^53 cannot come from our writer; -1 makes every contiguity check reject it (as readFrameHeader).
    const seq = seqHigh > 0x1f_ffff ? -1 : seqHigh * 0x1_0000_0000 + view.getUint32(local + frame_seq_at + 4);
    const payload = this.withPayloads
      ? this.buffer.subarray(local + frame_header_bytes, local + frameBytes)
      : no_payload;
    this.offset = at + frameBytes;
    return { kind: "record", seq, payload, offset: at };
  }

  /**
   * Makes buffer hold file bytes [offset, offset + bytes). With payloads, a refill always moves to a NEW buffer
   * (copying the partial frame at the end of the old one), never overwrites the old one: payload views handed out
   * earlier stay valid, so replay need not copy every payload (copying doubled replay time, bench/wal/RESULTS.md).
   */
  private async ensureBuffered(bytes: number): Promise<void> {
    const local = this.offset - this.bufferStart;
    if (local + bytes <= this.bufferLength) return;
    const kept = this.bufferLength - local;
    const size = Math.max(bytes, Math.min(this.chunkBytes, this.endOffset - this.offset));
    this.chunkBytes = wal_scan_chunk_bytes;
    if (!this.withPayloads && this.buffer.length >= size) {
      // No views were handed out, so the buffer can be reused: no fresh zeroed 8 MiB per refill.
      this.buffer.copyWithin(0, local, this.bufferLength);
    } else {
      const refill = new Uint8Array(size);
      refill.set(this.buffer.subarray(local, this.bufferLength));
      this.buffer = refill;
      this.view = new DataView(refill.buffer);
    }
    this.bufferStart = this.offset;
    this.bufferLength = kept;
    const want = Math.min(this.buffer.length - kept, this.endOffset - (this.bufferStart + kept));
    this.bufferLength += await readFully(this.handle, this.buffer, kept, want, this.bufferStart + kept);
    if (this.bufferLength < bytes) {
      throw new Error(`log file shrank while being read: wanted ${bytes} bytes at offset ${this.offset}`);
    }
  }
}

/**
 * The first intact record frame that starts anywhere in [fromOffset, endOffset), or undefined. Recovery uses it to
 * tell a torn tail (nothing valid after the bad frame) from a damaged middle (valid data follows). Runs only on
 * the error path; one pass over the rest of the file, chunk by chunk.
 */
export async function findIntactFrameAfter(
  handle: FileHandle,
  fromOffset: number,
  endOffset: number,
): Promise<{ offset: number; seq: number } | undefined> {
  const chunk = new Uint8Array(Math.min(wal_scan_chunk_bytes, Math.max(endOffset - fromOffset, 0)));
  const header = new Uint8Array(frame_header_bytes);
  for (let chunkStart = fromOffset; chunkStart + frame_header_bytes <= endOffset;) {
    const length = await readFully(handle, chunk, 0, Math.min(chunk.length, endOffset - chunkStart), chunkStart);
    // Candidates start in [0, length - 3]; the 3-byte overlap with the next chunk catches a magic split across them.
    for (let i = 0; i + record_magic.length <= length; i++) {
      if (!hasMagic(chunk, i, record_magic)) continue;
      const candidate = chunkStart + i;
      if (await isIntactFrameAt(handle, candidate, endOffset, header)) {
        return { offset: candidate, seq: readFrameHeader(header, 0).seq };
      }
    }
    if (length <= record_magic.length - 1) break;
    chunkStart += length - (record_magic.length - 1);
  }
  return undefined;
}

async function isIntactFrameAt(
  handle: FileHandle,
  at: number,
  endOffset: number,
  header: Uint8Array,
): Promise<boolean> {
  if (endOffset - at < frame_header_bytes) return false;
  if ((await readFully(handle, header, 0, frame_header_bytes, at)) < frame_header_bytes) return false;
  const fields = readFrameHeader(header, 0);
  if (fields.version !== wal_format_version || fields.reserved !== 0) return false;
  if (fields.payloadBytes > wal_record_payload_bytes_max) return false;
  if (at + frame_header_bytes + fields.payloadBytes > endOffset) return false;
  const payload = new Uint8Array(fields.payloadBytes);
  await readFully(handle, payload, 0, fields.payloadBytes, at + frame_header_bytes);
  return checksumMatches(header, 0, fields, payload);
}

/** True when every byte in [fromOffset, endOffset) is zero: preallocated space, not a torn record. */
export async function isZeroFilled(handle: FileHandle, fromOffset: number, endOffset: number): Promise<boolean> {
  // Smaller than a scan chunk: this runs at every open over the preallocated tail (16 MiB by default), and fresh
  // memory is not free (two 8 MiB buffers cost more than comparing the tail).
  const chunk = new Uint8Array(Math.min(wal_zero_check_chunk_bytes, Math.max(endOffset - fromOffset, 0)));
  const zeros = new Uint8Array(chunk.length);
  for (let at = fromOffset; at < endOffset;) {
    const length = await readFully(handle, chunk, 0, Math.min(chunk.length, endOffset - at), at);
    if (length === 0) return true;
    // Native memcmp against a zero buffer: a byte loop in JS costs ~10 ms per preallocation step at every open.
    if (Buffer.compare(chunk.subarray(0, length), zeros.subarray(0, length)) !== 0) return false;
    at += length;
  }
  return true;
}
