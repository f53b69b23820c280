// What the kernel needs to enforce a policy, kept out of kernel.ts: how a denial is recorded in history, the error
// the caller gets, and the read-only view predicates see. The kernel calls these from a few small hooks.
import { KernelError } from "../errors/index.js";
import type { FoldRunner } from "../fold/index.js";
import type { GraphReader } from "../graph/graph-state.js";
import type { PolicyDenial } from "./engine.js";
import type { PolicyReader } from "./spec.js";

/**
 * The fields a `policy.deny` history entry adds to idx, type, view, meta and receipt: who (`principal`, null when
 * none was named), what (`op` and its `opIndex` in the refused rewrite; null when the refusal is about the
 * principal), and which rule (`rule`, plus `missing` capabilities for the rule "requires").
 */
export interface DenialRecord {
  readonly principal: string | null;
  readonly op: string | null;
  readonly opIndex: number | null;
  readonly rule: string;
  readonly missing: readonly string[];
}

export function denialRecord(denial: PolicyDenial): DenialRecord {
  return {
    principal: denial.principal,
    op: denial.op,
    opIndex: denial.opIndex,
    rule: denial.rule,
    missing: [...denial.missing],
  };
}

/** FORBIDDEN, naming the missing capability or rule, and where the refusal is recorded. */
export function forbidden(denial: PolicyDenial, idx: number): KernelError {
  const path = denial.opIndex === null ? "/meta/principal" : `/ops/${denial.opIndex}`;
  const rule = denial.missing.length > 0 ? `${denial.rule} ${denial.missing.join(", ")}` : denial.rule;
  return new KernelError("FORBIDDEN", `${denial.message} (rule ${rule}; refusal recorded in history at idx ${idx})`, {
    issues: [{ path, message: rule }],
    ...(denial.opIndex === null ? {} : { opIndex: denial.opIndex }),
  });
}

/** Predicates read the view as it is before the rewrite: its nodes, and the derived fields its folds compute. */
export function policyReader(graph: GraphReader, folds: FoldRunner | null, view: string): PolicyReader {
  return {
    node(id: string) {
      const node = graph.node(id);
      return node === undefined ? null : { id: node.id, kind: node.kind, attrs: node.attrs };
    },
    field(coordinate: string, recordId?: string): unknown {
      if (folds === null)
        throw new KernelError(
          "INTERNAL",
          `a policy predicate read ${coordinate}, but the kernel runs no folds; pass { folds } to the kernel`,
        );
      return folds.field(view, coordinate, recordId);
    },
  };
}
