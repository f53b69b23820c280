// Policy predicates of the kernel's own domain: rules that need data. Created once by `wesley build`; this file
// is yours and is never overwritten. Capabilities come from `@requires` (the generated policyTable); a predicate
// runs only after the principal holds them, and must be pure and deterministic (docs/policy.md).
import type { PolicyDecision, PolicyPredicates, PolicyPrincipal, PolicyReader } from "../generated/policy.js";
import type { TaskState } from "../generated/types.js";

/** Holders of this capability may act on tasks they do not own. */
const task_admin = "task:admin";

/** "Only the owner may cancel": the principal that created the task, or a task admin. */
function ownerOrAdmin(principal: PolicyPrincipal, read: PolicyReader, taskId: string, verb: string): PolicyDecision {
  if (principal.capabilities.includes(task_admin)) return true;
  const owner = read.field("Task.owner", taskId);
  if (owner === principal.id) return true;
  return {
    deny: "task.owner-only",
    reason: `only the task's owner (${JSON.stringify(owner)}) or a ${task_admin} may ${verb} it`,
  };
}

/** Transitions the task lifecycle allows, read from the taskState fold. */
function taskIn(read: PolicyReader, taskId: string, allowed: readonly TaskState[], verb: string): PolicyDecision {
  const state = read.field("Task.state", taskId);
  if (allowed.includes(state)) return true;
  return { deny: "task.lifecycle", reason: `a ${state} task cannot be ${verb}; expected ${allowed.join(" or ")}` };
}

export const predicates: PolicyPredicates = {
  cancelTask: ({ principal, op, read }) => ownerOrAdmin(principal, read, op.input.taskId, "cancel"),
  startTask: ({ op, read }) => taskIn(read, op.input.taskId, ["QUEUED"], "started"),
  completeTask: ({ op, read }) => taskIn(read, op.input.taskId, ["RUNNING"], "completed"),
};
