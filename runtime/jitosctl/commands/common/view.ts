import type { types } from "../../client/index.js";
import { UsageError } from "./usage-error.js";

/** `system` or `sws:<id>` (DESIGN.md §4); SWS ids are u64 decimal strings without leading zeros. */
const VIEW_PATTERN = /^(?:system|sws:(0|[1-9][0-9]*))$/;
/** SWS ids are u64: more digits than this cannot be one. */
const SWS_ID_DIGITS_MAX = 20;

/** Parses `--view`: `system` -> { kind: SYSTEM }, `sws:3` -> { kind: SWS, swsId: "3" }. */
export function parseView(text: string): types.ViewInput {
  const match = VIEW_PATTERN.exec(text);
  if (match === null) {
    throw new UsageError(`--view "${text}" is not a view; write "system" or "sws:<id>", e.g. --view sws:0.`);
  }
  const swsId = match[1];
  if (swsId === undefined) return { kind: "SYSTEM" };
  checkSwsIdLength(swsId, "--view");
  return { kind: "SWS", swsId };
}

/** An SWS id argument: `3` or `sws:3`. */
export function parseSwsId(text: string): string {
  const id = text.startsWith("sws:") ? text.slice("sws:".length) : text;
  if (!/^(0|[1-9][0-9]*)$/.test(id)) {
    throw new UsageError(`"${text}" is not an SWS id; write a decimal id as createSws returned it, e.g. 0 or sws:0.`);
  }
  checkSwsIdLength(id, "the SWS id");
  return id;
}

function checkSwsIdLength(id: string, what: string): void {
  if (id.length > SWS_ID_DIGITS_MAX || BigInt(id) > 0xffff_ffff_ffff_ffffn) {
    throw new UsageError(`${what} ${id} is larger than an SWS id can be (a u64).`);
  }
}

/** The name jitosd gives a view, for messages: "system" or "sws:3". */
export function viewName(view: types.ViewInput): string {
  return view.kind === "SYSTEM" ? "system" : `sws:${view.swsId ?? ""}`;
}
