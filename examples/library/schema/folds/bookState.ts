// Reducer of the fold bookState, which derives Book.state (one state per Book).
// Created once by `wesley build`, then written by hand; never overwritten. Rules: docs/folds.md.
import type { BookStateEvent, BookStateFold, BookStateResult } from "../../generated/folds.js";

export interface State {
  readonly state: BookStateResult;
}

export const reducer: BookStateFold<State> = {
  initial: { state: "AVAILABLE" },
  reduce(state: State, event: BookStateEvent): State {
    if (state.state === "LOST") return state; // a lost book stays lost, whatever comes later
    switch (event.op) {
      case "addBook":
      case "returnBook":
        return { state: "AVAILABLE" };
      case "lendBook":
        return { state: "ON_LOAN" };
      case "reportLost":
        return { state: "LOST" };
    }
  },
  result(state: State): BookStateResult {
    return state.state;
  },
};
