// The JSON scalar and the mapping between canonical values (what the kernel stores) and JSON (what clients see).
// Canonical values hold byte strings, which JSON cannot: they appear as {"$base64": "..."} (docs/server.md).
import { GraphQLScalarType, Kind, valueFromASTUntyped } from "graphql";
import type { ValueNode } from "graphql";
import { isPlainObject } from "../../rewrite/plain-value.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A canonical value as JSON: bytes as {"$base64"}, everything else as is (object keys keep the stored order). */
export function toJson(value: unknown): Json {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: toJson(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}

/**
 * Client JSON as plain data the kernel accepts: graphql-js builds input objects with a null prototype, and the
 * kernel takes only ordinary objects. A field named __proto__ stays a field.
 */
export function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    const source = value as { readonly [key: string]: unknown };
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (item === undefined) continue;
      // Assigning "__proto__" would set the prototype; that one key is defined as an own field. Plain assignment
      // for the others: it makes the same own, enumerable, writable field, several times faster (every rewrite's ops).
      if (key === "__proto__") Object.defineProperty(out, key, { value: toPlain(item), enumerable: true, writable: true, configurable: true });
      else out[key] = toPlain(item);
    }
    return out;
  }
  return value;
}

export function isJsonObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (isPlainObject(value) || Object.getPrototypeOf(value) === null);
}

export const json_scalar = new GraphQLScalarType({
  name: "JSON",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node: ValueNode, variables) => (node.kind === Kind.NULL ? null : valueFromASTUntyped(node, variables)),
});
