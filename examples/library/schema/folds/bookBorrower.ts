// Reducer of the fold bookBorrower, which derives Book.borrower (one state per Book).
// Created once by `wesley build`, then written by hand; never overwritten. Rules: docs/folds.md.
// The borrower is the principal that applied lendBook (the kernel records it in the rewrite's meta).
import type { BookBorrowerEvent, BookBorrowerFold, BookBorrowerResult } from "../../generated/folds.js";

export interface State {
  readonly borrower: string;
}

export const reducer: BookBorrowerFold<State> = {
  initial: { borrower: "" },
  reduce(state: State, event: BookBorrowerEvent): State {
    switch (event.op) {
      case "lendBook": {
        const principal = event.meta["principal"];
        return { borrower: typeof principal === "string" ? principal : "" };
      }
      case "returnBook":
      case "reportLost":
        return { borrower: "" };
      case "addBook":
        return state;
    }
  },
  result(state: State): BookBorrowerResult {
    return state.borrower;
  },
};
