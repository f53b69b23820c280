// Reducer of the fold swsState, which derives Sws.state (one state per Sws).
// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md).
//
// No domain op targets an Sws record (overlays are opened, collapsed and discarded by kernel commands, not ops),
// so this fold has no events yet and every Sws record reads OPEN. The kernel's own overlay state is
// `kernel.listSws()`; when lifecycle entries become fold events this reducer gains COLLAPSED and DISCARDED.
import type { SwsStateFold, SwsStateResult } from "../../generated/folds.js";

export interface State {
  readonly state: SwsStateResult;
}

export const reducer: SwsStateFold<State> = {
  initial: { state: "OPEN" },
  reduce(state: State): State {
    return state;
  },
  result(state: State): SwsStateResult {
    return state.state;
  },
};
