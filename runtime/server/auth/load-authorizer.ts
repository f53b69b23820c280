// --auth <file>: principals from runtime/policy's config format (bearer tokens -> principals with capabilities,
// docs/policy.md). A request without a known token is FORBIDDEN. Ops are checked by the kernel's policy engine
// (generated table + predicates), which records each refusal in history; the overlay lifecycle, which the policy
// table does not cover, is checked here against lifecycle_capabilities.
import { readFileSync } from "node:fs";
import type { DomainSpec } from "../../domain/spec.js";
import { blake3Hex } from "../../hash/index.js";
import { PolicyEngine, loadPrincipalsConfig, v0_ops_capability } from "../../policy/index.js";
import type { PolicyBinding, Principal } from "../../policy/index.js";
import { apiError } from "../errors/index.js";
import type { Authorizer } from "./authorizer.js";

/** Capabilities of the overlay lifecycle (docs/server.md): opening and dropping overlays, and changing the system. */
export const lifecycle_capabilities = {
  createSws: "sws:write",
  discardSws: "sws:write",
  collapseSws: "sws:collapse",
} as const;

export interface LoadedAuth {
  readonly authorizer: Authorizer;
  /** The policy the kernel enforces on every rewrite, over the file's principals. */
  readonly policy: PolicyEngine;
  /** Capabilities granted in the file that nothing here requires (a typo, usually), one sentence each. */
  readonly warnings: readonly string[];
}

/** Throws PrincipalsConfigError listing every problem of the file. */
export function loadAuth(file: string, domain: DomainSpec, binding: PolicyBinding): LoadedAuth {
  const principals = loadPrincipalsConfig(file);
  // The policy id names exactly this principals file and this domain's capability table.
  const policyId = blake3Hex(new TextEncoder().encode(`jitosd-policy-v1\n${domain.schemaHash}\n${readFileSync(file, "utf8")}`));
  const authorizer: Authorizer = {
    policyId,
    authenticate(header) {
      const principal = principals.authenticateHeader(header);
      if (principal === null) {
        throw apiError(
          "FORBIDDEN",
          header === undefined || header === null
            ? "this daemon runs with --auth: send Authorization: Bearer <token> with a token from its principals file"
            : "the bearer token is not in this daemon's principals file (or the header is not `Bearer <token>`)",
        );
      }
      return principal;
    },
    authorizeLifecycle(principal, action) {
      const capability = lifecycle_capabilities[action];
      if (principal === null) throw apiError("FORBIDDEN", `${action} needs a principal; send Authorization: Bearer <token>`);
      if (!principal.capabilities.includes(capability)) {
        throw apiError("FORBIDDEN", `principal ${principal.id} may not ${action}: missing capability ${capability}; ask an operator to grant it in the --auth file`);
      }
    },
  };
  const warnings = unknownCapabilities(file, principals.registry.list(), binding);
  return { authorizer, policy: new PolicyEngine(binding, principals.registry), warnings };
}

/**
 * A misspelt capability (`task:wrte`) grants nothing, and the principal meets FORBIDDEN only when it first tries:
 * name each capability that no op, lifecycle command or v0 op requires, at start, while the file is being written.
 */
function unknownCapabilities(file: string, principals: readonly Principal[], binding: PolicyBinding): string[] {
  const required = [...Object.values(binding.table).flat(), ...Object.values(lifecycle_capabilities), v0_ops_capability];
  const known = new Set<string>(required);
  const knownList = [...known].sort().join(", ");
  return principals.flatMap((principal) =>
    principal.capabilities
      .filter((capability) => !known.has(capability))
      .map(
        (capability) =>
          `${file}: principal ${principal.id} has capability ${JSON.stringify(capability)}, which nothing in this domain requires (known: ${knownList})`,
      ),
  );
}
