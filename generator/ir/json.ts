import type { WesleyIR } from "./types.js";

/**
 * The IR as JSON, what `wesley ir --json` prints: object keys in code-unit order at every level, 2-space indent,
 * trailing newline. Arrays keep their (already sorted) order. Stable across runs and machines, so it diffs well;
 * hashes are never taken over this text (they use canonical CBOR).
 */
export function irToJSON(ir: WesleyIR): string {
  return JSON.stringify(sortKeys(ir), null, 2) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
