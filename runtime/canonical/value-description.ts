// Test support: a type-exact, order-independent description of a canonical value, for equality assertions.
import type { CanonicalValue } from "./value.js";
import { toHex } from "./tagged-value.js";

/**
 * A type-exact description of a value for comparisons (vitest's toStrictEqual compares `.constructor`, which a
 * map with the key "constructor" legitimately overrides). Map keys are listed sorted so key order cannot matter.
 */
export function describeValue(value: CanonicalValue): unknown {
  if (typeof value === "bigint") return `bigint:${value}`;
  if (typeof value === "number") return Object.is(value, -0) ? "number:-0" : `number:${value}`;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array)
    return `bytes:${toHex(value)}:${Object.getPrototypeOf(value) === Uint8Array.prototype}`;
  if (Array.isArray(value)) return value.map(describeValue);
  const record = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(record).sort();
  return {
    prototype: Object.getPrototypeOf(record) === Object.prototype,
    entries: keys.map((key) => [key, describeValue(record[key] as CanonicalValue)]),
  };
}
