// Cursor paging (DESIGN.md §4): nodes and edges by the last id returned, rewrites by the last idx returned.
// Pages come from ordered structures (the id-ordered trie, the idx-ordered history), so they are stable: no
// duplicates or gaps, and the same order whatever order the records were written in.
import { invalidInput } from "../errors/index.js";
import { isRecordId } from "../graph/record.js";
import { page_size_default, page_size_max } from "./limits.js";

export interface PageRequest<Cursor> {
  /** How many items, 1..page_size_max (default page_size_default). */
  readonly first?: number;
  /** Return items after this cursor (exclusive); omitted or null: from the start. */
  readonly after?: Cursor | null;
}

export interface PageInfo<Cursor> {
  readonly hasNextPage: boolean;
  /** Cursor of the last item returned; pass it as `after` for the next page. */
  readonly endCursor: Cursor | null;
}

export interface Page<T, Cursor> {
  readonly items: readonly T[];
  readonly pageInfo: PageInfo<Cursor>;
}

export function pageSize(first: unknown): number {
  if (first === undefined) return page_size_default;
  if (typeof first !== "number" || !Number.isInteger(first) || first <= 0 || first > page_size_max) {
    throw invalidInput(
      "/page/first",
      `expected an integer from 1 to ${page_size_max} (page_size_max), got ${String(first)}`,
    );
  }
  return first;
}

export function idCursor(after: unknown): string | null {
  if (after === undefined || after === null) return null;
  if (!isRecordId(after)) {
    throw invalidInput("/page/after", "expected the id of the last item of the previous page (64 lowercase hex)");
  }
  return after;
}

export function idxCursor(after: unknown): number {
  if (after === undefined || after === null) return -1;
  if (typeof after !== "number" || !Number.isSafeInteger(after) || after < 0) {
    throw invalidInput("/page/after", "expected the idx of the last rewrite of the previous page (an integer >= 0)");
  }
  return after;
}

/** Builds a page from `limit + 1` fetched items: the extra one only says that there is a next page. */
export function toPage<T, Cursor>(fetched: T[], limit: number, cursorOf: (item: T) => Cursor): Page<T, Cursor> {
  const hasNextPage = fetched.length > limit;
  const items = hasNextPage ? fetched.slice(0, limit) : fetched;
  const last = items[items.length - 1];
  return { items, pageInfo: { hasNextPage, endCursor: last === undefined ? null : cursorOf(last) } };
}
