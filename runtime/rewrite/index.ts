// Rewrites: validating ops (typed and v0) against a view and turning them into primitive graph mutations.
export { planRewrite } from "./plan.js";
export type { CreatedRecord, PlanContext, PlannedRewrite } from "./plan.js";
export { commitMutations } from "./mutation.js";
export type { Mutation } from "./mutation.js";
export { indexDomain } from "./domain-index.js";
export type { DomainIndex } from "./domain-index.js";
export { isV0OpName, v0_op_names } from "./op.js";
export type { AddEdgeData, AddNodeData, RemoveEdgeData, RemoveNodeData, RewriteOp, V0Op, V0OpName } from "./op.js";
