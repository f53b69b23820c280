// Reducer of the fold taskOwner, which derives Task.owner (one state per Task).
// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md).
//
// The owner is whoever applied createTask: the kernel records the principal in the rewrite's meta when a policy
// is installed, so the fold reads it from the event. Only the creation counts; later events never move ownership.
import type { TaskOwnerEvent, TaskOwnerFold, TaskOwnerResult } from "../../generated/folds.js";

export interface State {
  readonly owner: string;
}

export const reducer: TaskOwnerFold<State> = {
  initial: { owner: "" },
  reduce(state: State, event: TaskOwnerEvent): State {
    if (event.op !== "createTask") return state;
    const principal = event.meta["principal"];
    return { owner: typeof principal === "string" ? principal : "" };
  },
  result(state: State): TaskOwnerResult {
    return state.owner;
  },
};
