import { categoryOf } from "../change/change-types.js";
import type { ReportedChange } from "../change/schema-change.js";

/**
 * Which unapproved changes fail the check (exit 1):
 * - strict:  breaking and dangerous changes, and approvals that match nothing (stale approvals must be cleaned up);
 * - default: breaking changes;
 * - lenient: only breaking changes to the kind registry and to stored history, which corrupt data rather than
 *            inconvenience clients (for prototypes whose only clients are in the same repository).
 */
export type Strictness = "strict" | "default" | "lenient";

export const STRICTNESS_LEVELS: readonly Strictness[] = ["strict", "default", "lenient"];

export function isStrictness(value: string): value is Strictness {
  return (STRICTNESS_LEVELS as readonly string[]).includes(value);
}

export function failsAt(level: Strictness, reported: ReportedChange): boolean {
  switch (level) {
    case "strict":
      return reported.severity !== "safe";
    case "default":
      return reported.severity === "breaking";
    case "lenient": {
      const category = categoryOf(reported.type);
      return reported.severity === "breaking" && (category === "registry" || category === "history");
    }
  }
}

export function staleApprovalsFail(level: Strictness): boolean {
  return level === "strict";
}
