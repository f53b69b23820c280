// The policy check the kernel runs on every rewrite after the ops validated and before anything changes
// (DESIGN.md §3: op validation -> policy -> apply). Deny by default: no principal, an unknown principal, an op
// the table does not list, a missing capability, a predicate that denies or throws: each is a denial naming the
// rule, and the kernel records it in history.
import type { CanonicalValue } from "../canonical/index.js";
import type { PrincipalRegistry } from "./principals.js";
import type { PolicyBinding, PolicyDecision, PolicyReader, PolicyRequest, Principal } from "./spec.js";

/** The meta key that names who applies a rewrite; jitosd sets it from the bearer token. */
export const principal_meta_key = "principal";

/** v0 ops carry no schema and no `@requires`; they need this capability (docs/policy.md). */
export const v0_ops_capability = "graph:v0";

const v0_op_names = new Set(["AddEdge", "AddNode", "RemoveEdge", "RemoveNode"]);

/** Rule names as recorded in history (stable: audits and tests match on them). */
export const policy_rules = {
  principalMissing: "principal.missing",
  principalUnknown: "principal.unknown",
  opUnlisted: "op.unlisted",
  requires: "requires",
  predicateError: "predicate.error",
} as const;

export interface PolicyDenial {
  /** The principal id as given (may be unknown), or null when none was. */
  readonly principal: string | null;
  readonly op: string | null;
  readonly opIndex: number | null;
  /** "requires", "principal.unknown", ... or the name a predicate gave (e.g. "owner-only-cancel"). */
  readonly rule: string;
  /** Capabilities the op needs that the principal lacks (rule "requires"), sorted. */
  readonly missing: readonly string[];
  /** For a person: what was refused and what would allow it. */
  readonly message: string;
}

export interface PolicyCheck {
  readonly view: string;
  readonly ops: readonly CanonicalValue[];
  readonly meta: { readonly [key: string]: CanonicalValue };
  readonly read: PolicyReader;
}

export class PolicyEngine {
  constructor(
    readonly binding: PolicyBinding,
    readonly principals: PrincipalRegistry,
  ) {}

  /** null when every op is allowed; else the first denial. */
  check(request: PolicyCheck): PolicyDenial | null {
    const named = request.meta[principal_meta_key];
    if (typeof named !== "string") {
      return denial(
        null,
        null,
        null,
        policy_rules.principalMissing,
        [],
        `no principal: policy is on, so every rewrite must say who applies it (meta.${principal_meta_key})`,
      );
    }
    const principal = this.principals.get(named);
    if (principal === undefined) {
      return denial(
        named,
        null,
        null,
        policy_rules.principalUnknown,
        [],
        `unknown principal ${JSON.stringify(named)}: it holds no capabilities (deny by default); register it first`,
      );
    }
    for (let opIndex = 0; opIndex < request.ops.length; opIndex++) {
      const op = request.ops[opIndex] as {
        readonly op: string;
        readonly input?: { readonly [field: string]: CanonicalValue };
      };
      const found = this.checkOp(principal, op, opIndex, request);
      if (found !== null) return found;
    }
    return null;
  }

  private checkOp(
    principal: Principal,
    op: { readonly op: string; readonly input?: { readonly [field: string]: CanonicalValue } },
    opIndex: number,
    request: PolicyCheck,
  ): PolicyDenial | null {
    const required = v0_op_names.has(op.op) ? [v0_ops_capability] : this.binding.table[op.op];
    if (required === undefined) {
      return denial(
        principal.id,
        op.op,
        opIndex,
        policy_rules.opUnlisted,
        [],
        `op ${op.op} is not in the policy table (deny by default); regenerate with \`wesley build\``,
      );
    }
    const missing = required.filter((capability) => !principal.capabilities.includes(capability));
    if (missing.length > 0) {
      return denial(
        principal.id,
        op.op,
        opIndex,
        policy_rules.requires,
        missing,
        `principal ${principal.id} may not ${op.op}: missing capability ${missing.join(", ")}`,
      );
    }
    const predicate = this.binding.predicates[op.op] as ((request: PolicyRequest) => PolicyDecision) | undefined;
    if (predicate === undefined || op.input === undefined) return null;
    let decision: PolicyDecision;
    try {
      decision = predicate({
        principal,
        op: { op: op.op, input: op.input },
        opIndex,
        view: request.view,
        read: request.read,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return denial(
        principal.id,
        op.op,
        opIndex,
        policy_rules.predicateError,
        [],
        `the policy predicate for ${op.op} threw (${reason}); denied by default`,
      );
    }
    if (decision === true) return null;
    if (
      typeof decision !== "object" ||
      decision === null ||
      typeof decision.deny !== "string" ||
      decision.deny === ""
    ) {
      return denial(
        principal.id,
        op.op,
        opIndex,
        policy_rules.predicateError,
        [],
        `the policy predicate for ${op.op} returned ${JSON.stringify(decision)}; it must return true or {deny, reason}`,
      );
    }
    return denial(
      principal.id,
      op.op,
      opIndex,
      decision.deny,
      [],
      `principal ${principal.id} may not ${op.op}: ${decision.reason || decision.deny}`,
    );
  }
}

function denial(
  principal: string | null,
  op: string | null,
  opIndex: number | null,
  rule: string,
  missing: readonly string[],
  message: string,
): PolicyDenial {
  return Object.freeze({ principal, op, opIndex, rule, missing: Object.freeze([...missing]), message });
}
