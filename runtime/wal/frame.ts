import { crc32 } from "node:zlib";

/**
 * A frame is how one record (or one snapshot) sits on disk. All integers are big-endian.
 *
 *   offset  size  field
 *   0       4     magic: "JREC" for log records, "JSNP" for snapshot files
 *   4       4     checksum: CRC-32 (IEEE, as zlib) of every byte after it: bytes 8..24+n
 *   8       2     format version (wal_format_version)
 *   10      2     reserved, must be 0
 *   12      4     payload length n in bytes
 *   16      8     sequence number (u64): the record's seq, or for a snapshot the first seq it does NOT cover
 *   24      n     payload (opaque bytes; the kernel stores canonical CBOR)
 *
 * The checksum covers the header fields too, so a flipped bit in the length or seq is caught like one in the
 * payload; it sits before them so that what it covers is one contiguous range (one CRC call per record; the magic
 * is compared exactly instead). Why CRC-32 and not BLAKE3: docs/adr/0061-wal-record-checksum.md.
 */

export const wal_format_version = 1;
export const frame_header_bytes = 24;
export const record_magic = Uint8Array.of(0x4a, 0x52, 0x45, 0x43); // "JREC"
export const snapshot_magic = Uint8Array.of(0x4a, 0x53, 0x4e, 0x50); // "JSNP"

/** Byte offsets of the header fields in a frame (the table above). */
export const frame_checksum_at = 4;
export const frame_version_at = 8;
export const frame_reserved_at = 10;
export const frame_length_at = 12;
export const frame_seq_at = 16;
const checksum_offset = frame_checksum_at;
/** The checksum covers the frame from here to the end of the payload. */
const checksummed_from = frame_version_at;

export function encodeFrame(magic: Uint8Array, seq: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(frame_header_bytes + payload.length);
  encodeFrameInto(frame, 0, magic, seq, payload);
  return frame;
}

/** Writes the frame for (`seq`, `payload`) into `target` at `at`; the caller guarantees the room. */
export function encodeFrameInto(
  target: Uint8Array,
  at: number,
  magic: Uint8Array,
  seq: number,
  payload: Uint8Array,
): void {
  const view = new DataView(target.buffer, target.byteOffset + at, frame_header_bytes);
  target.set(magic, at);
  view.setUint16(8, wal_format_version);
  view.setUint16(10, 0);
  view.setUint32(12, payload.length);
  // Two 32-bit halves: BigInt conversion per record is a measurable share of append CPU time.
  view.setUint32(16, Math.floor(seq / 0x1_0000_0000));
  view.setUint32(20, seq >>> 0);
  target.set(payload, at + frame_header_bytes);
  view.setUint32(
    checksum_offset,
    crc32(target.subarray(at + checksummed_from, at + frame_header_bytes + payload.length)),
  );
}

export interface FrameHeader {
  readonly version: number;
  readonly reserved: number;
  readonly payloadBytes: number;
  readonly seq: number;
  readonly checksum: number;
}

/** True when `bytes[at..at+4]` is `magic`. */
export function hasMagic(bytes: Uint8Array, at: number, magic: Uint8Array): boolean {
  return (
    bytes[at] === magic[0] && bytes[at + 1] === magic[1] && bytes[at + 2] === magic[2] && bytes[at + 3] === magic[3]
  );
}

/** Reads the fixed-size frame header at `bytes[at..at+24]` (caller checks the bytes exist and the magic). */
export function readFrameHeader(bytes: Uint8Array, at: number): FrameHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, frame_header_bytes);
  const seqHigh = view.getUint32(16);
  return {
    version: view.getUint16(8),
    reserved: view.getUint16(10),
    payloadBytes: view.getUint32(12),
    // A seq beyond 2^53 cannot come from our writer; map it to -1 so the contiguity check rejects it.
    seq: seqHigh > 0x1f_ffff ? -1 : seqHigh * 0x1_0000_0000 + view.getUint32(20),
    checksum: view.getUint32(checksum_offset),
  };
}

/** The checksum of the whole frame at `bytes[at, at + frameBytes)` (header fields and payload), as computed. */
export function frameChecksum(bytes: Uint8Array, at: number, frameBytes: number): number {
  return crc32(bytes.subarray(at + checksummed_from, at + frameBytes));
}

/**
 * True when the checksum in the frame header at `bytes[at..]` matches the header fields and `payload`. One CRC call
 * when the payload directly follows the header in `bytes` (the scan and replay case), two when it lives elsewhere.
 */
export function checksumMatches(bytes: Uint8Array, at: number, header: FrameHeader, payload: Uint8Array): boolean {
  const contiguous =
    payload.buffer === bytes.buffer && payload.byteOffset === bytes.byteOffset + at + frame_header_bytes;
  const computed = contiguous
    ? crc32(bytes.subarray(at + checksummed_from, at + frame_header_bytes + payload.length))
    : crc32(payload, crc32(bytes.subarray(at + checksummed_from, at + frame_header_bytes)));
  return computed === header.checksum;
}
