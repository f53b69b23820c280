// Principals and their capabilities. In-process callers register principals through this API; jitosd builds the
// same registry from a token config file (config-file.ts). Deny by default: an id not registered here has no
// capabilities at all, and the kernel refuses its ops as an unknown principal.
import { KernelError, invalidInput } from "../errors/index.js";
import { principal_capabilities_max, principal_id_chars_max, principals_max } from "./limits.js";
import type { Principal } from "./spec.js";

/** `area:verb`, lowercase, as in `@requires(caps: ["task:write"])`. */
export const capability_pattern = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;
/** Principal ids are printable and short: they are recorded in history with every rewrite. */
export const principal_id_pattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

/** Why a principal is malformed ("" path prefix for API calls; config files prefix their location). */
export function principalProblems(path: string, id: unknown, capabilities: unknown): string[] {
  const problems: string[] = [];
  if (typeof id !== "string" || id.length > principal_id_chars_max || !principal_id_pattern.test(id)) {
    problems.push(
      `${path}/id: expected 1..${principal_id_chars_max} characters of letters, digits and ._:@- ` +
        `(starting with a letter or digit), got ${JSON.stringify(id)}`,
    );
  }
  if (!Array.isArray(capabilities)) {
    problems.push(`${path}/capabilities: expected a list of capabilities like ["task:write"]`);
    return problems;
  }
  if (capabilities.length > principal_capabilities_max) {
    problems.push(
      `${path}/capabilities: ${capabilities.length} exceed principal_capabilities_max (${principal_capabilities_max})`,
    );
  }
  capabilities.forEach((capability: unknown, index) => {
    if (typeof capability !== "string" || !capability_pattern.test(capability)) {
      problems.push(
        `${path}/capabilities/${index}: ${JSON.stringify(capability)} is not a capability; expected area:verb, e.g. "task:write"`,
      );
    }
  });
  return problems;
}

export function makePrincipal(id: string, capabilities: readonly string[]): Principal {
  const problems = principalProblems("/principal", id, capabilities);
  if (problems.length > 0) throw invalidInput("/principal", problems.join("; "));
  return Object.freeze({ id, capabilities: Object.freeze([...new Set(capabilities)].sort()) });
}

export class PrincipalRegistry {
  private readonly byId = new Map<string, Principal>();

  constructor(principals: readonly Principal[] = []) {
    for (const principal of principals) this.add(principal);
  }

  /** Registers (or replaces) a principal. Replacing changes future checks only; history keeps past decisions. */
  add(principal: Principal): Principal {
    const checked = makePrincipal(principal.id, principal.capabilities);
    if (!this.byId.has(checked.id) && this.byId.size >= principals_max) {
      throw new KernelError("CONFLICT", `principals_max (${principals_max}) reached; remove a principal first`);
    }
    this.byId.set(checked.id, checked);
    return checked;
  }

  remove(id: string): boolean {
    return this.byId.delete(id);
  }

  get(id: string): Principal | undefined {
    return this.byId.get(id);
  }

  /** Sorted by id. */
  list(): Principal[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
