// The contract between generated policy code (`<out>/policy.ts` + the user's predicate file bound in
// `<out>/bindings.ts`) and the policy engine. Generated code never imports the runtime; it produces plain objects
// of this shape (docs/policy.md).
import type { CanonicalValue } from "../canonical/index.js";

/** Someone who applies ops: an id (recorded in history as `meta.principal`) and the capabilities granted to it. */
export interface Principal {
  readonly id: string;
  /** Sorted, de-duplicated, e.g. ["plan:write", "task:write"]. */
  readonly capabilities: readonly string[];
}

/** What a predicate may read about the view the op would change (as it is before the rewrite). */
export interface PolicyReader {
  /** A node's stored attributes and kind, or null when the view has no such node. */
  node(id: string): { readonly id: string; readonly kind: string; readonly attrs: unknown } | null;
  /** A derived field from the fold runner, e.g. field("Task.owner", taskId); throws when no fold derives it. */
  field(coordinate: string, recordId?: string): unknown;
}

export interface PolicyRequest {
  readonly principal: Principal;
  /** The op as validated: `{op, input}`. */
  readonly op: { readonly op: string; readonly input: { readonly [field: string]: CanonicalValue } };
  readonly opIndex: number;
  /** The view the rewrite targets, e.g. "sws:0". */
  readonly view: string;
  readonly read: PolicyReader;
}

/** `true` allows; a denial names the rule (shown to the caller and recorded in history) and why. */
export type PolicyDecision = true | { readonly deny: string; readonly reason: string };

/** A user predicate: pure, deterministic, fast. Runs only after the capability check passed. */
export type PolicyPredicate = (request: never) => PolicyDecision;

export interface PolicyBinding {
  /** op name -> capabilities required (from `@requires`), sorted. Ops missing here are denied. */
  readonly table: { readonly [op: string]: readonly string[] };
  /** op name -> predicate (from the user's policy file). */
  readonly predicates: { readonly [op: string]: PolicyPredicate | undefined };
}
