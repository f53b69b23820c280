// Canonical bytes of a history entry. A rewrite's ops are already encoded (planning needed their bytes for size
// limits and record ids), so instead of encoding them a second time inside the entry, the entry is encoded with
// an empty ops list and the op bytes are spliced in. Canonical key order puts "idx" first and "ops" second (both
// 3-byte keys, "idx" < "ops"), so the empty list sits at a position computable from idx alone.
import { encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { internalInvariant } from "../errors/index.js";
import type { HistoryEntry } from "./history.js";

const ops_key = [0x63, 0x6f, 0x70, 0x73]; // text "ops"
const empty_array = 0x80;

/** Bytes of the CBOR head of an unsigned integer or array length `n`, major type given by `major`. */
function head(major: number, n: number): number[] {
  if (n < 24) return [major | n];
  if (n < 0x100) return [major | 24, n];
  if (n < 0x10000) return [major | 25, n >>> 8, n & 0xff];
  if (n < 0x1_0000_0000) return [major | 26, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  throw internalInvariant(`history entry with a length or idx of ${n}`);
}

export function encodeEntry(entry: HistoryEntry, opBytes: readonly Uint8Array[] | null): Uint8Array {
  if (entry.type !== "rewrite" || opBytes === null) return encodeCanonical(entry as unknown as CanonicalValue);
  const shell = encodeCanonical({ ...entry, ops: [] } as unknown as CanonicalValue);
  // map head (1 byte: 6 keys) + "idx" key (4) + idx + "ops" key (4)
  const at = 1 + 4 + head(0, entry.idx).length + ops_key.length;
  if (shell[at] !== empty_array || ops_key.some((byte, i) => shell[at - ops_key.length + i] !== byte)) {
    throw internalInvariant("history entry layout is not the expected canonical key order");
  }
  const opsHead = head(0x80, opBytes.length);
  const opsLength = opBytes.reduce((sum, bytes) => sum + bytes.length, 0);
  const out = new Uint8Array(shell.length - 1 + opsHead.length + opsLength);
  out.set(shell.subarray(0, at), 0);
  let pos = at;
  for (const byte of opsHead) out[pos++] = byte;
  for (const bytes of opBytes) {
    out.set(bytes, pos);
    pos += bytes.length;
  }
  out.set(shell.subarray(at + 1), pos);
  return out;
}
