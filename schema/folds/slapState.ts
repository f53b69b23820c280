// Reducer of the fold slapState, which derives Slap.state (one state per Slap).
// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md).
//
// A plan is PROPOSED when created and CHOSEN when chooseSlap names it. REJECTED (another plan of the same task was
// chosen) needs to know which plans share a task, which a per-record fold cannot see; it stays unused until folds
// can read events of related records.
import type { SlapStateEvent, SlapStateFold, SlapStateResult } from "../../generated/folds.js";

export interface State {
  readonly state: SlapStateResult;
}

export const reducer: SlapStateFold<State> = {
  initial: { state: "PROPOSED" },
  reduce(state: State, event: SlapStateEvent): State {
    switch (event.op) {
      case "proposeSlap":
        return { state: "PROPOSED" };
      case "chooseSlap":
        return { state: "CHOSEN" };
    }
  },
  result(state: State): SlapStateResult {
    return state.state;
  },
};
