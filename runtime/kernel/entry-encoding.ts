// Canonical bytes of a history entry. A rewrite's ops are already encoded (planning needed their bytes for size
// limits and record ids), so instead of encoding them a second time inside the entry, the rewrite entry is
// written item by item around them. Rewrites are the one entry kind on the hot path (one per applied command),
// so they skip the generic encoder's key sorting and the intermediate buffers; every other kind, and any rewrite
// entry whose shape is not the one below, goes through `encodeCanonical` and yields the same bytes.
import { CanonicalBuilder, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import type { HistoryEntry } from "./history.js";

/** Keys of a rewrite entry in canonical order (shorter encodings first, then bytewise). */
const entry_keys = ["idx", "ops", "meta", "type", "view", "receipt"] as const;
/** Keys of its receipt in canonical order. */
const receipt_keys = ["view", "rewriteIdx", "viewDigest"] as const;

const encodedKey = (key: string): Uint8Array => encodeCanonical(key);
const [idx_key, ops_key, meta_key, type_key, view_key, receipt_key] = entry_keys.map(encodedKey);
const [receipt_view_key, rewrite_idx_key, view_digest_key] = receipt_keys.map(encodedKey);
const rewrite_type = encodeCanonical("rewrite");

/** Reused for every rewrite entry: History copies the result into its arena before the next append. */
const builder = new CanonicalBuilder();

/**
 * The entry's canonical bytes. `opBytes` are a rewrite entry's ops, encoded one after another (PlannedRewrite).
 * For a rewrite entry with them, the result is a view into a buffer that the next call overwrites: copy it before
 * encoding another entry (History.append does).
 */
export function encodeEntry(entry: HistoryEntry, opBytes: Uint8Array | null): Uint8Array {
  if (entry.type !== "rewrite" || opBytes === null || !isPlainRewriteShape(entry)) {
    return encodeCanonical(entry as unknown as CanonicalValue);
  }
  const receipt = entry.receipt;
  builder.reset().mapHead(entry_keys.length);
  builder.raw(idx_key!).value(entry.idx);
  builder.raw(ops_key!).arrayHead(entry.ops.length).raw(opBytes);
  builder.raw(meta_key!).value(entry.meta);
  builder.raw(type_key!).raw(rewrite_type);
  builder.raw(view_key!).value(entry.view);
  builder.raw(receipt_key!).mapHead(receipt_keys.length);
  builder.raw(receipt_view_key!).value(receipt.view);
  builder.raw(rewrite_idx_key!).value(receipt.rewriteIdx);
  builder.raw(view_digest_key!).value(receipt.viewDigest);
  return builder.bytes();
}

/**
 * True when the entry has exactly the fields the writer above knows. An entry with any other field (a later
 * version of the type) falls back to the generic encoder instead of losing the field.
 */
function isPlainRewriteShape(entry: HistoryEntry & { readonly type: "rewrite" }) {
  return ownKeyCount(entry) === entry_keys.length && ownKeyCount(entry.receipt) === receipt_keys.length;
}

/** Object.keys(value).length without allocating the key list (this runs once per rewrite). */
function ownKeyCount(value: object): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count++;
  return count;
}
