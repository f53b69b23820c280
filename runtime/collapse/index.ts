// Collapse: merging an overlay into the system graph as one transaction, or recording why it could not be merged.
export { planCollapse } from "./plan-collapse.js";
export type { CollapseChanges, CollapsePlan } from "./plan-collapse.js";
export { compareConflicts } from "./conflict.js";
export type { CollapseConflict, CollapseConflictReason } from "./conflict.js";
export { collapse_conflicts_listed_max } from "./limits.js";
