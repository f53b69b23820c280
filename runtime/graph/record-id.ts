// Record ids (docs/adr/0020-record-ids.md): the address of a creation in state space.
//
//   id = hex BLAKE3(canonical(["graph-record-id-v0", {at: <view digest before the rewrite, hex>,
//                                                     index: <op index in the rewrite>, op: <the op as logged>}]))
//
// The same op applied at the same place to the same state creates the same record, and anything else creates a
// different one: no clock, counter or randomness involved, and replay reproduces every id.
import { CanonicalBuilder, encodeCanonical, withCanonicalBytes } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { blake3 } from "../hash/index.js";
import { internalInvariant } from "../errors/index.js";

export const record_id_tag = "graph-record-id-v0";

/** The definition, with the generic encoder. */
export function deriveRecordIdFromScratch(atDigest: string, index: number, op: CanonicalValue): string {
  return withCanonicalBytes([record_id_tag, { at: atDigest, index, op }], (bytes) => bytesToHex(blake3(bytes)));
}

// The kernel already holds the op's canonical bytes (it logs them), so it assembles the preimage around them
// rather than encoding the op again. Map keys in canonical order: "at", "op" (3 bytes each), then "index".
// The preimage is built in one reused buffer and hashed at once: a fresh buffer per created record would cost
// more than the assembly.
const preimage_head = concat([Uint8Array.of(0x82), encodeCanonical(record_id_tag), Uint8Array.of(0xa3)]);
const at_key = encodeCanonical("at");
const op_key = encodeCanonical("op");
const index_key = encodeCanonical("index");
const digest_hex_chars = 64;
/** Largest op index accepted (rewrite_ops_max is far below it); an id is never derived from a negative index. */
const index_max = 0xffff;
const preimage = new CanonicalBuilder();

export function deriveRecordId(atDigest: string, index: number, opBytes: Uint8Array): string {
  if (atDigest.length !== digest_hex_chars || !Number.isInteger(index) || index < 0 || index > index_max) {
    throw internalInvariant(`record id from digest ${atDigest} and op index ${index}`);
  }
  preimage.reset().raw(preimage_head);
  preimage.raw(at_key).value(atDigest);
  preimage.raw(op_key).raw(opBytes);
  preimage.raw(index_key).value(index);
  return bytesToHex(blake3(preimage.bytes()));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
