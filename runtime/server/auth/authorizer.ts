// The seam between transport and policy. Without --auth everyone may do everything the kernel allows (a daemon on
// 127.0.0.1 for one user). With --auth <file>, every request must carry `Authorization: Bearer <token>` naming a
// principal of the file (runtime/policy's config format, docs/policy.md); the principal's id is stamped into the
// meta of every command it sends, so history records who did what. The kernel's policy engine (runtime/policy)
// then refuses ops the principal lacks capabilities for, FORBIDDEN, and records the refusal in history.
import { principal_meta_key } from "../../policy/index.js";
import { apiError } from "../errors/index.js";

export interface RequestPrincipal {
  readonly id: string;
  /** Sorted capability names, e.g. ["plan:write", "task:write"]. */
  readonly capabilities: readonly string[];
}

export interface Authorizer {
  /** Identifies the active policy (KernelInfo.policyId); null without --auth. */
  readonly policyId: string | null;
  /** The principal of a request's Authorization header value; throws FORBIDDEN when auth is on and it is missing or unknown. */
  authenticate(authorization: string | null | undefined): RequestPrincipal | null;
  /** Throws FORBIDDEN unless `principal` may create, collapse or discard overlays. */
  authorizeLifecycle(principal: RequestPrincipal | null, action: "createSws" | "collapseSws" | "discardSws"): void;
}

/** No --auth: nobody is identified and nothing is refused here (the kernel's own rules still apply). */
export const open_access: Authorizer = {
  policyId: null,
  authenticate: () => null,
  authorizeLifecycle: () => undefined,
};


/** The caller's meta with the principal stamped in; a caller may not name someone else. */
export function stampPrincipal(meta: { readonly [key: string]: unknown } | undefined, principal: RequestPrincipal | null): { readonly [key: string]: unknown } | undefined {
  if (principal === null) return meta;
  const claimed = meta?.[principal_meta_key];
  if (claimed !== undefined && claimed !== principal.id) {
    throw apiError(
      "FORBIDDEN",
      `meta.${principal_meta_key} is ${JSON.stringify(claimed)}, but your token belongs to ${JSON.stringify(principal.id)}; ` +
        `leave meta.${principal_meta_key} out, jitosd sets it from the token`,
    );
  }
  return { ...meta, [principal_meta_key]: principal.id };
}
