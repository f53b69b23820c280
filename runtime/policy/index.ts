// Policy: principals, capabilities and predicates; deny by default (docs/policy.md).
export { PolicyEngine, policy_rules, principal_meta_key, v0_ops_capability } from "./engine.js";
export type { PolicyCheck, PolicyDenial } from "./engine.js";
export { capability_pattern, makePrincipal, PrincipalRegistry } from "./principals.js";
export {
  loadPrincipalsConfig,
  parsePrincipalsConfig,
  PrincipalsConfigError,
  TokenPrincipals,
  tokenHash,
} from "./config-file.js";
export type { PolicyBinding, PolicyDecision, PolicyPredicate, PolicyReader, PolicyRequest, Principal } from "./spec.js";
export * from "./limits.js";
