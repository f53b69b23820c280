// Reducer of the fold booksOnLoan, which derives Query.booksOnLoan (one state per view: a standalone fold).
// Created once by `wesley build`, then written by hand; never overwritten. Rules: docs/folds.md.
// Keeps the ids of the books out, sorted, so the state is plain data and the count is exact.
import type { BooksOnLoanEvent, BooksOnLoanFold, BooksOnLoanResult } from "../../generated/folds.js";

export interface State {
  readonly out: readonly string[];
}

const without = (ids: readonly string[], id: string): string[] => ids.filter((other) => other !== id);

export const reducer: BooksOnLoanFold<State> = {
  initial: { out: [] },
  reduce(state: State, event: BooksOnLoanEvent): State {
    switch (event.op) {
      case "lendBook":
        return { out: [...without(state.out, event.recordId), event.recordId].sort() };
      case "returnBook":
      case "reportLost":
        return { out: without(state.out, event.recordId) };
      case "addBook":
        return state;
    }
  },
  result(state: State): BooksOnLoanResult {
    return state.out.length;
  },
};
