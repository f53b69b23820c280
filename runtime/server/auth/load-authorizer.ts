// --auth <file>: principals from runtime/policy's config format (bearer tokens -> principals with capabilities,
// docs/policy.md), and the capability table of the domain's ops (`@requires`, the same table generated/policy.ts
// holds). A request without a known token is FORBIDDEN; an op the principal lacks a capability for is FORBIDDEN.
import { readFileSync } from "node:fs";
import type { DomainSpec } from "../../domain/spec.js";
import { blake3Hex } from "../../hash/index.js";
import { loadPrincipalsConfig, v0_ops_capability } from "../../policy/index.js";
import { apiError } from "../errors/index.js";
import type { Authorizer, RequestPrincipal } from "./authorizer.js";

/** Capabilities of the overlay lifecycle (docs/server.md): opening and dropping overlays, and changing the system. */
export const lifecycle_capabilities = {
  createSws: "sws:write",
  discardSws: "sws:write",
  collapseSws: "sws:collapse",
} as const;

/** Throws PrincipalsConfigError listing every problem of the file. */
export function loadAuthorizer(file: string, domain: DomainSpec): Authorizer {
  const principals = loadPrincipalsConfig(file);
  const required = new Map<string, readonly string[]>(domain.ops.map((op) => [op.name, op.requiresCaps]));
  for (const name of ["AddNode", "AddEdge", "RemoveNode", "RemoveEdge"]) required.set(name, [v0_ops_capability]);
  // The policy id names exactly this principals file and this domain's capability table.
  const policyId = blake3Hex(new TextEncoder().encode(`jitosd-policy-v1\n${domain.schemaHash}\n${readFileSync(file, "utf8")}`));

  const need = (principal: RequestPrincipal | null, what: string, capabilities: readonly string[]): void => {
    if (principal === null) throw apiError("FORBIDDEN", `${what} needs a principal; send Authorization: Bearer <token>`);
    const missing = capabilities.filter((capability) => !principal.capabilities.includes(capability));
    if (missing.length > 0) {
      throw apiError("FORBIDDEN", `principal ${principal.id} may not ${what}: missing capability ${missing.join(", ")}; ask an operator to grant it in the --auth file`);
    }
  };

  return {
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
    authorizeOps(principal, opNames) {
      for (const name of opNames) {
        const capabilities = required.get(name);
        // Unknown op names fall through to the kernel, which rejects them with INVALID_INPUT naming the op.
        if (capabilities !== undefined) need(principal, name, capabilities);
      }
    },
    authorizeLifecycle(principal, action) {
      need(principal, action, [lifecycle_capabilities[action]]);
    },
  };
}
