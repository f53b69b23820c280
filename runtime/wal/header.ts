import { crc32 } from "node:zlib";
import { decodeCanonical, encodeCanonical } from "../canonical/index.js";
import { WalError } from "./errors.js";
import { wal_format_version } from "./frame.js";
import { wal_header_payload_bytes_max } from "./limits.js";

/**
 * The file header pins what the log was written for. Big-endian:
 *
 *   offset  size  field
 *   0       8     magic "JITOSWAL"
 *   8       2     format version (wal_format_version)
 *   10      2     reserved, must be 0
 *   12      4     header payload length in bytes
 *   16      4     checksum: CRC-32 over bytes 0..16 then the payload
 *   20      n     payload: canonical CBOR map
 *                 { "version": "wal-header-v1", "schemaHash": <text>, "registryHash": <text>, "baseSeq": <uint> }
 *
 * Records start right after the payload. `baseSeq` is the seq of the first record in this file (0 today; a log
 * rewritten after a checkpoint would start later).
 */

export const header_magic = Uint8Array.of(0x4a, 0x49, 0x54, 0x4f, 0x53, 0x57, 0x41, 0x4c); // "JITOSWAL"
export const header_fixed_bytes = 20;
export const header_payload_version = "wal-header-v1";

export interface WalHeader {
  readonly schemaHash: string;
  readonly registryHash: string;
  readonly baseSeq: number;
}

export function encodeHeader(header: WalHeader): Uint8Array {
  const payload = encodeCanonical({
    version: header_payload_version,
    schemaHash: header.schemaHash,
    registryHash: header.registryHash,
    baseSeq: header.baseSeq,
  });
  if (payload.length > wal_header_payload_bytes_max) {
    throw new WalError(
      "WAL_INVALID_ARGUMENT",
      `WAL header payload is ${payload.length} bytes, over the ${wal_header_payload_bytes_max}-byte maximum; shorten the hashes`,
    );
  }
  const bytes = new Uint8Array(header_fixed_bytes + payload.length);
  const view = new DataView(bytes.buffer);
  bytes.set(header_magic, 0);
  view.setUint16(8, wal_format_version);
  view.setUint16(10, 0);
  view.setUint32(12, payload.length);
  bytes.set(payload, header_fixed_bytes);
  view.setUint32(16, crc32(payload, crc32(bytes.subarray(0, 16))));
  return bytes;
}

/** Reads the fixed part of a header: how many payload bytes follow it. Throws WAL_CORRUPT when it is not a header. */
export function headerPayloadBytes(fixed: Uint8Array, path: string): number {
  const corrupt = (what: string): WalError =>
    new WalError(
      "WAL_CORRUPT",
      `${path} does not start with a valid WAL header at byte offset 0 (${what}); it is not a WAL file or its first bytes are damaged. ` +
        `Restore the data directory from a backup or point the kernel at another one.`,
      path,
      0,
    );
  if (fixed.length < header_fixed_bytes) throw corrupt(`file is only ${fixed.length} bytes`);
  for (let i = 0; i < header_magic.length; i++) if (fixed[i] !== header_magic[i]) throw corrupt("bad magic");
  const view = new DataView(fixed.buffer, fixed.byteOffset, header_fixed_bytes);
  const version = view.getUint16(8);
  if (version !== wal_format_version) {
    throw new WalError(
      "WAL_UNSUPPORTED_VERSION",
      `${path} uses WAL format version ${version}; this build reads only version ${wal_format_version}`,
      path,
      8,
    );
  }
  const payloadBytes = view.getUint32(12);
  if (view.getUint16(10) !== 0) throw corrupt("reserved field is not 0");
  if (payloadBytes > wal_header_payload_bytes_max) throw corrupt(`header payload length ${payloadBytes} is too large`);
  return payloadBytes;
}

/** Verifies and decodes a whole header (fixed part + payload). Throws WAL_CORRUPT with the reason. */
export function decodeHeader(bytes: Uint8Array, path: string): WalHeader {
  const payloadBytes = headerPayloadBytes(bytes, path);
  const corrupt = (what: string): WalError =>
    new WalError(
      "WAL_CORRUPT",
      `${path} has a damaged WAL header at byte offset 0 (${what}); restore the data directory from a backup`,
      path,
      0,
    );
  if (bytes.length < header_fixed_bytes + payloadBytes) throw corrupt("file ends inside the header");
  const payload = bytes.subarray(header_fixed_bytes, header_fixed_bytes + payloadBytes);
  const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16);
  if (crc32(payload, crc32(bytes.subarray(0, 16))) !== stored) throw corrupt("checksum mismatch");
  let decoded: unknown;
  try {
    decoded = decodeCanonical(payload);
  } catch (error) {
    throw corrupt(`payload is not canonical CBOR: ${(error as Error).message}`);
  }
  const fields = decoded as Record<string, unknown>;
  if (
    typeof decoded !== "object" ||
    decoded === null ||
    fields.version !== header_payload_version ||
    typeof fields.schemaHash !== "string" ||
    typeof fields.registryHash !== "string" ||
    typeof fields.baseSeq !== "number" ||
    !Number.isSafeInteger(fields.baseSeq) ||
    fields.baseSeq < 0
  ) {
    throw corrupt(`payload is not a ${header_payload_version} map`);
  }
  return { schemaHash: fields.schemaHash, registryHash: fields.registryHash, baseSeq: fields.baseSeq };
}
