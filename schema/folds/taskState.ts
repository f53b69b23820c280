// Reducer of the fold taskState, which derives Task.state (one state per Task).
// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md): pure and
// deterministic (no clock, no randomness, no I/O, nothing outside the arguments), states are plain data, and
// reduce returns a new state instead of changing the old one.
//
// The lifecycle: createTask -> QUEUED -> startTask -> RUNNING -> completeTask -> DONE; failTask and cancelTask end
// a task that has not finished. DONE, FAILED and CANCELLED are final: a late event changes nothing, so the state
// never depends on anything but the order history recorded.
import type { TaskStateEvent, TaskStateFold, TaskStateResult } from "../../generated/folds.js";

export interface State {
  readonly state: TaskStateResult;
}

const final: readonly TaskStateResult[] = ["DONE", "FAILED", "CANCELLED"];

export const reducer: TaskStateFold<State> = {
  initial: { state: "QUEUED" },
  reduce(state: State, event: TaskStateEvent): State {
    if (final.includes(state.state)) return state;
    switch (event.op) {
      case "createTask":
        return { state: "QUEUED" };
      case "startTask":
        return state.state === "QUEUED" ? { state: "RUNNING" } : state;
      case "completeTask":
        return state.state === "RUNNING" ? { state: "DONE" } : state;
      case "failTask":
        return { state: "FAILED" };
      case "cancelTask":
        return { state: "CANCELLED" };
    }
  },
  result(state: State): TaskStateResult {
    return state.state;
  },
};
