// Callers hand the kernel objects they still hold. Everything kept (logged ops, meta, record attributes) is
// copied into fresh frozen plain data first, so a caller mutating its object later cannot rewrite history.
import type { CanonicalValue } from "../canonical/index.js";
import { invalidInput } from "../errors/index.js";

/** Plain data nested deeper than this is refused (the canonical encoder's own limit is higher). */
export const plain_value_depth_max = 64;

/** A frozen deep copy of JSON-like data (plus byte strings); anything else is INVALID_INPUT at `path`. */
export function frozenCopy(value: unknown, path: string, depth = 0): CanonicalValue {
  if (depth > plain_value_depth_max) throw invalidInput(path, `nested deeper than ${plain_value_depth_max} levels`);
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidInput(path, `${value} is not a finite number`);
    return value;
  }
  if (value instanceof Uint8Array) return Uint8Array.from(value); // typed arrays cannot be frozen; the copy is ours
  if (Array.isArray(value)) {
    const out = value.map((item, i) => frozenCopy(item, childPath(path, i), depth + 1));
    return Object.freeze(out);
  }
  if (typeof value === "object" && isPlainObject(value)) {
    const out: Record<string, CanonicalValue> = {};
    const record = value as Record<string, unknown>;
    // for-in over own keys visits them in Object.keys order without allocating the key list (once per op).
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      if (item === undefined) continue; // an absent optional field, as JSON would have it
      out[key] = isPlainScalar(item) ? item : frozenCopy(item, childPath(path, key), depth + 1);
    }
    return Object.freeze(out);
  }
  throw invalidInput(
    path,
    `expected plain data (object, array, string, number, boolean, null), got ${describe(value)}`,
  );
}

/**
 * Values copied as they are, with no path needed (nothing about them can be wrong): a flat op input, the common
 * case, is copied without building a path string per field.
 */
function isPlainScalar(value: unknown): value is string | boolean | null | number {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    value === null ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function childPath(path: string, member: string | number): string {
  return typeof member === "number" ? `${path}/${member}` : `${path}/${escapePointer(member)}`;
}

export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** RFC 6901 escaping so a key containing "/" cannot fake a path. */
export function escapePointer(key: string): string {
  if (!key.includes("~") && !key.includes("/")) return key;
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an instance of ${(value as object).constructor?.name ?? "an unknown class"}`;
  return `a ${typeof value}`;
}
