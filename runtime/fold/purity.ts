// Development-mode purity checks (docs/folds.md, "Rules"). A fold result must be the same live, after a restart
// and by full replay; that holds only if reducers are functions of (state, event) alone. In development mode the
// runner therefore (1) freezes every state and event so a mutation throws, (2) makes the clock and random sources
// throw while a reducer runs, (3) runs each step twice and compares the canonical bytes of the two results, and
// (4) requires states and results to be canonical plain data (no Map, class instance, undefined or function).
// Production mode runs each step once, with none of this.
/* eslint-disable no-restricted-properties -- this file replaces Math.random and Date.now; it never calls them. */
import { CanonicalEncodeError, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { fold_state_bytes_max } from "./limits.js";

/** A fold broke a purity rule, or threw: names the fold, the step and the history idx. */
export class FoldError extends Error {
  override readonly name = "FoldError";
  constructor(
    readonly fold: string,
    readonly idx: number | null,
    message: string,
  ) {
    super(`fold ${fold}${idx === null ? "" : ` at history idx ${idx}`}: ${message}`);
  }
}

/** Freezes a plain value and everything inside it (reducers share states across views, so none may be mutated). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !(value instanceof Uint8Array)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Canonical bytes of a state or result; explains what is not plain data. */
export function canonicalBytesOf(fold: string, idx: number | null, what: string, value: unknown): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = encodeCanonical(value as CanonicalValue);
  } catch (error) {
    const reason = error instanceof CanonicalEncodeError ? error.message : String(error);
    throw new FoldError(
      fold,
      idx,
      `${what} is not plain canonical data (${reason}); use objects, arrays, strings, ` +
        `numbers, booleans and null only`,
    );
  }
  if (bytes.length > fold_state_bytes_max) {
    throw new FoldError(
      fold,
      idx,
      `${what} encodes to ${bytes.length} bytes, over fold_state_bytes_max (${fold_state_bytes_max})`,
    );
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs `step` twice inside the sandbox and returns the (frozen) result if both runs agree byte for byte. */
export function checkedStep(fold: string, idx: number | null, what: string, step: () => unknown): unknown {
  const first = sandboxed(fold, idx, what, step);
  const firstBytes = canonicalBytesOf(fold, idx, `the ${what} result`, first);
  const second = sandboxed(fold, idx, what, step);
  const secondBytes = canonicalBytesOf(fold, idx, `the ${what} result`, second);
  if (!sameBytes(firstBytes, secondBytes)) {
    throw new FoldError(
      fold,
      idx,
      `is impure: ${what} returned different values for the same input (does it read ` +
        `the clock, randomness, or a variable outside the fold?)`,
    );
  }
  return deepFreeze(first);
}

/** The globals a reducer must not read, replaced by throwing stand-ins while it runs. */
interface Saved {
  readonly date: DateConstructor;
  readonly random: () => number;
  readonly performanceNow: () => number;
  readonly hrtime: NodeJS.HRTime;
  readonly cryptoRandomUUID: typeof globalThis.crypto.randomUUID | undefined;
  readonly cryptoGetRandomValues: typeof globalThis.crypto.getRandomValues | undefined;
}

let sandboxDepth = 0;

function sandboxed(fold: string, idx: number | null, what: string, step: () => unknown): unknown {
  const forbid = (source: string) => () => {
    throw new FoldError(
      fold,
      idx,
      `is impure: ${what} read ${source}; folds may only read their state and event ` +
        `(use event.idx for ordering, never the wall clock or randomness)`,
    );
  };
  const saved = sandboxDepth === 0 ? install(forbid) : null;
  sandboxDepth++;
  try {
    return step();
  } catch (error) {
    if (error instanceof FoldError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      error instanceof TypeError && /read.only|frozen|not extensible/i.test(reason)
        ? " (states and events are frozen: return a new state instead of mutating)"
        : "";
    throw new FoldError(fold, idx, `${what} threw: ${reason}${hint}`);
  } finally {
    sandboxDepth--;
    if (saved !== null) restore(saved);
  }
}

function install(forbid: (source: string) => () => never): Saved {
  const RealDate = globalThis.Date;
  const saved: Saved = {
    date: RealDate,
    random: Math.random,
    performanceNow: performance.now,
    hrtime: process.hrtime,
    cryptoRandomUUID: globalThis.crypto?.randomUUID,
    cryptoGetRandomValues: globalThis.crypto?.getRandomValues,
  };
  const clock = forbid("the wall clock (Date)");
  // `new Date(0)` or `Date.UTC(...)` compute from their arguments and stay allowed; only reading "now" is refused.
  const GuardedDate = function (this: unknown, ...args: unknown[]) {
    if (args.length === 0) clock();
    return new.target === undefined ? clock() : Reflect.construct(RealDate, args, new.target);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(GuardedDate, RealDate);
  Object.defineProperty(GuardedDate, "prototype", { value: RealDate.prototype });
  Object.defineProperty(GuardedDate, "now", { value: clock, configurable: true, writable: true });
  globalThis.Date = GuardedDate;
  Math.random = forbid("Math.random");
  performance.now = forbid("performance.now");
  process.hrtime = Object.assign(forbid("process.hrtime"), {
    bigint: forbid("process.hrtime.bigint"),
  }) as NodeJS.HRTime;
  if (globalThis.crypto !== undefined) {
    globalThis.crypto.randomUUID = forbid("crypto.randomUUID") as typeof crypto.randomUUID;
    globalThis.crypto.getRandomValues = forbid("crypto.getRandomValues") as typeof crypto.getRandomValues;
  }
  return saved;
}

function restore(saved: Saved): void {
  globalThis.Date = saved.date;
  Math.random = saved.random;
  performance.now = saved.performanceNow;
  process.hrtime = saved.hrtime;
  if (globalThis.crypto !== undefined) {
    if (saved.cryptoRandomUUID !== undefined) globalThis.crypto.randomUUID = saved.cryptoRandomUUID;
    if (saved.cryptoGetRandomValues !== undefined) globalThis.crypto.getRandomValues = saved.cryptoGetRandomValues;
  }
}
