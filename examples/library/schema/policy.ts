// The library's rules that need data. Created once by `wesley build`, then written by hand; never overwritten.
// Capabilities (book:admin, book:borrow) come from @requires; these run after them (docs/policy.md).
import type { PolicyPredicates } from "../generated/policy.js";

export const predicates: PolicyPredicates = {
  // A book on loan (or lost) cannot be lent again.
  lendBook: ({ op, read }) => {
    const state = read.field("Book.state", op.input.bookId);
    return state === "AVAILABLE" || { deny: "book.not-available", reason: `the book is ${String(state)}` };
  },
  // Only whoever borrowed the book (or a librarian) may return it.
  returnBook: ({ principal, op, read }) => {
    const borrower = read.field("Book.borrower", op.input.bookId);
    if (borrower === principal.id || principal.capabilities.includes("book:admin")) return true;
    return {
      deny: "book.borrower-only",
      reason: `only the borrower (${JSON.stringify(borrower)}) or a librarian may return it`,
    };
  },
};
