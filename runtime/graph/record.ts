// The records a graph holds. Kinds are registry kind names for typed ops and free-form strings for v0 ops.
// Records are frozen on creation: readers get the kernel's own objects, so they must not be able to change them.
import type { CanonicalValue } from "../canonical/index.js";

export type Attrs = { readonly [field: string]: CanonicalValue };

export interface NodeRecord {
  readonly id: string;
  readonly kind: string;
  readonly attrs: Attrs;
}

export interface EdgeRecord {
  readonly id: string;
  readonly kind: string;
  /** Id of the node the edge starts at. */
  readonly from: string;
  /** Id of the node the edge points to. */
  readonly to: string;
  readonly attrs: Attrs;
}

/** Record ids are 64 lowercase hex characters (a BLAKE3-256 digest; docs/adr/0020-record-ids.md). */
export const record_id_chars = 64;

/** True for 64 lowercase hex characters. A character loop: every op that names a record checks its id first. */
export function isRecordId(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== record_id_chars) return false;
  for (let i = 0; i < record_id_chars; i++) {
    const code = value.charCodeAt(i);
    // "0".."9" or "a".."f"
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}
