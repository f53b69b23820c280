// The contract between generated fold specs (`<out>/folds.ts` + `<out>/bindings.ts`) and the fold runner.
// Generated code never imports the runtime; it produces plain objects of this shape (docs/folds.md).
import type { CanonicalValue } from "../canonical/index.js";

/** What a reducer receives for each op it reads, in history order. Plain, frozen, canonical data. */
export interface FoldEvent {
  /** The op name (a domain verb, e.g. "createTask"). */
  readonly op: string;
  /** The op's input as validated and logged (defaults filled in). */
  readonly input: { readonly [field: string]: CanonicalValue };
  /** The record the op created (its derived id) or touched (the input's id field). */
  readonly recordId: string;
  /** History idx of the rewrite that carried the op. */
  readonly idx: number;
  /** Position of the op inside that rewrite. */
  readonly opIndex: number;
  /** The rewrite's meta (caller data; `principal` names who applied it when a policy is installed). */
  readonly meta: { readonly [key: string]: CanonicalValue };
}

/**
 * A reducer: `initial` is the state before any event, `reduce` returns the next state (never mutates), `result`
 * projects the state to the derived value. Method syntax on purpose: a generated `TaskStateFold<MyState>` is
 * assignable to it.
 */
export interface FoldReducer {
  readonly initial: unknown;
  reduce(state: unknown, event: never): unknown;
  result(state: unknown): unknown;
}

/**
 * `record`: one state per record of `kinds`, fed the events of ops that target those kinds (Task.state).
 * `view`: one state per view, fed every op in `reads` (a `@derived` field on the Query root).
 */
export type FoldScope = "record" | "view";

export interface FoldSpec {
  readonly name: string;
  readonly scope: FoldScope;
  /** Node kinds whose records carry this fold's state (record scope), sorted. */
  readonly kinds: readonly string[];
  /** Op names whose events the reducer receives, sorted. */
  readonly reads: readonly string[];
  /** Schema coordinates (`Type.field`) this fold answers, sorted. */
  readonly derives: readonly string[];
}

export interface FoldRegistration extends FoldSpec {
  readonly reducer: FoldReducer;
}
