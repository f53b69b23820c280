// Replay must reproduce history bit for bit. When it does not, the error says where (the idx) and what differs
// (the recorded receipt against the one replay produced, or why replay rejected the command), and the kernel stops:
// building more state on a history it cannot reproduce would hide the bug (TigerBeetle style).
import { KernelError } from "../errors/index.js";
import type { HistoryEntry } from "./history.js";

export class ReplayDivergence extends KernelError {
  constructor(
    readonly idx: number,
    /** The entry as recorded in the log. */
    readonly expected: HistoryEntry,
    /** The entry replay produced, or why replay rejected the command. */
    readonly actual: HistoryEntry | string,
  ) {
    super("INTERNAL", `replay diverged at idx ${idx}: ${describeDifference(expected, actual)}`);
  }
}

function describeDifference(expected: HistoryEntry, actual: HistoryEntry | string): string {
  const recorded = `recorded ${expected.type} on ${expected.view} -> ${JSON.stringify(expected.receipt)}`;
  if (typeof actual === "string") return `${recorded}; replay ${actual}`;
  if (JSON.stringify(actual.receipt) !== JSON.stringify(expected.receipt)) {
    return `${recorded}; replay gives ${JSON.stringify(actual.receipt)}`;
  }
  return `${recorded}; replay gives the same receipt but a different entry (ops, meta or conflicts differ)`;
}
