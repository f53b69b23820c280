// Reducer of the fold invocationState, which derives Invocation.state (one state per Invocation).
// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md).
//
// startInvocation creates the invocation and the worker is at work from then on: RUNNING. SUCCEEDED and FAILED
// come from the receipt (recordReceipt targets the Receipt kind, with the invocation as a reference), which a
// per-record fold of Invocation does not read yet.
import type { InvocationStateEvent, InvocationStateFold, InvocationStateResult } from "../../generated/folds.js";

export interface State {
  readonly state: InvocationStateResult;
}

export const reducer: InvocationStateFold<State> = {
  initial: { state: "PENDING" },
  reduce(_state: State, event: InvocationStateEvent): State {
    switch (event.op) {
      case "startInvocation":
        return { state: "RUNNING" };
    }
  },
  result(state: State): InvocationStateResult {
    return state.state;
  },
};
