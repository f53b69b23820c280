// What can stop a collapse. Each conflict names one record and one reason, so a caller can show the user exactly
// which ids to look at, and two runs over the same state list the same conflicts in the same order.

/**
 * - EXISTS_DIFFERENT: the overlay created a record whose id the system now holds with different content.
 * - CHANGED_IN_SYSTEM: the overlay changed or removed a record that the system changed or removed since the
 *   overlay's snapshot (and the two sides did not end up equal).
 * - DANGLING_REFERENCE: the merged graph would hold an edge whose endpoint node is absent: an overlay edge to a
 *   node the system removed, or an overlay node removal while a system edge still points at the node.
 */
export type CollapseConflictReason = "EXISTS_DIFFERENT" | "CHANGED_IN_SYSTEM" | "DANGLING_REFERENCE";

export interface CollapseConflict {
  readonly reason: CollapseConflictReason;
  /** The record the conflict is about. */
  readonly id: string;
  readonly table: "node" | "edge";
  /**
   * DANGLING_REFERENCE on an edge: the endpoint node ids missing from the merged graph. On a node: empty (the
   * node's incident edges live in the system; page them with the system view). Empty for the other reasons.
   */
  readonly related: readonly string[];
}

/** Conflicts in one stable order: by id, then table, then reason (ids are unique per table, so this is total). */
export function compareConflicts(a: CollapseConflict, b: CollapseConflict): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  if (a.table !== b.table) return a.table < b.table ? -1 : 1;
  return a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}
