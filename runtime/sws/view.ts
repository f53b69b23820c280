// View names (DESIGN.md §4): "system", and "sws:<n>" for overlay n, a u64 in decimal without leading zeros.
import { invalidInput } from "../errors/index.js";

export type ViewName = "system" | `sws:${string}`;

export type ParsedView = { readonly type: "system" } | { readonly type: "sws"; readonly swsId: string };

const u64_max = (1n << 64n) - 1n;
const sws_id_pattern = /^(0|[1-9][0-9]{0,19})$/;

export const system_view: ParsedView = Object.freeze({ type: "system" });

/** True for the decimal form of a u64: "0", "17", never "007" or "-1". */
export function isSwsId(value: string): boolean {
  return sws_id_pattern.test(value) && BigInt(value) <= u64_max;
}

/** Strict: "system" or "sws:<n>". Anything else is INVALID_INPUT at `path`. */
export function parseView(value: unknown, path = "/view"): ParsedView {
  if (value === "system") return system_view;
  if (typeof value === "string" && value.startsWith("sws:") && isSwsId(value.slice(4))) {
    return { type: "sws", swsId: value.slice(4) };
  }
  throw invalidInput(
    path,
    `${JSON.stringify(value)} is not a view; expected "system" or "sws:<n>" with n a decimal u64 (e.g. "sws:0")`,
  );
}

/** Where a command may point: a view name, or a bare SWS id as `createSws()` returns it ("0" means "sws:0"). */
export function parseTarget(value: unknown, path = "/view"): ParsedView {
  if (typeof value === "string" && isSwsId(value)) return { type: "sws", swsId: value };
  return parseView(value, path);
}

export function formatView(view: ParsedView): ViewName {
  return view.type === "system" ? "system" : `sws:${view.swsId}`;
}

export function swsView(swsId: string): ViewName {
  return `sws:${swsId}`;
}
