import type { PlainValue } from "./types.js";

/** Nesting limit for default values: real defaults are shallow; this only guards against pathological input. */
const PLAIN_VALUE_DEPTH_MAX = 64;

/**
 * Converts a coerced GraphQL value (as graphql-js builds it for defaults) to plain sorted data. Returns undefined
 * for anything plain data cannot hold exactly (non-finite numbers, functions, over-deep nesting). -0 becomes 0
 * (the canonical encoding has one zero).
 */
export function toPlainValue(value: unknown, depth = 0): PlainValue | undefined {
  if (depth > PLAIN_VALUE_DEPTH_MAX) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : undefined;
  if (Array.isArray(value)) {
    const out: PlainValue[] = [];
    for (const item of value) {
      const plain = toPlainValue(item, depth + 1);
      if (plain === undefined) return undefined;
      out.push(plain);
    }
    return out;
  }
  if (typeof value === "object") {
    const out: Record<string, PlainValue> = {};
    for (const key of Object.keys(value).sort()) {
      const plain = toPlainValue((value as Record<string, unknown>)[key], depth + 1);
      if (plain === undefined) return undefined;
      out[key] = plain;
    }
    return out;
  }
  return undefined;
}
