// Record ids (docs/adr/0020-record-ids.md): the address of a creation in state space.
//
//   id = hex BLAKE3(canonical(["graph-record-id-v0", {at: <view digest before the rewrite>, index: <op index in
//                                                     the rewrite>, op: <the op as logged>}]))
//
// The same op applied at the same place to the same state creates the same record, and anything else creates a
// different one: no clock, counter or randomness involved, and replay reproduces every id.
import { withCanonicalBytes } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { blake3 } from "../hash/index.js";

export const record_id_tag = "graph-record-id-v0";

export function deriveRecordId(atDigest: string, index: number, op: CanonicalValue): string {
  return withCanonicalBytes([record_id_tag, { at: atDigest, index, op }], (bytes) => bytesToHex(blake3(bytes)));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
