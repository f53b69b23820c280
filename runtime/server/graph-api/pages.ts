// Cursor pages for the API. Page sizes are checked against the server's pageSizeMax (which may be lower than the
// kernel's); filtered pages scan in id order and stop after filter_scan_records_max records, returning what they
// found with hasNextPage and the last id examined as the cursor, so a sparse filter never costs a whole graph.
import { invalidInput } from "../../errors/index.js";
import { isRecordId } from "../../graph/record.js";
import type { Page } from "../../kernel/index.js";
import { page_size_default } from "../../kernel/limits.js";
import { filter_scan_records_max } from "../config/limits.js";
import type { RecordFilter } from "./filters.js";

export interface PageArgs<Cursor> {
  readonly first?: number | null;
  readonly after?: Cursor | null;
}

export interface ApiPage<T, Cursor> {
  readonly items: readonly T[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: Cursor | null };
}

/** `first` as a page size, or INVALID_INPUT naming the argument and the allowed range. */
export function pageSizeOf(first: number | null | undefined, pageSizeMax: number, path: string): number {
  if (first === undefined || first === null) return Math.min(page_size_default, pageSizeMax);
  if (first <= 0 || first > pageSizeMax) {
    throw invalidInput(`${path}.first`, `must be from 1 to ${pageSizeMax} (pageSizeMax), got ${first}`);
  }
  return first;
}

function checkedIdCursor(after: string | null | undefined, path: string): string | null {
  if (after === undefined || after === null) return null;
  if (!isRecordId(after)) {
    throw invalidInput(`${path}.after`, `expected the endCursor of the previous page (a record id, 64 lowercase hex), got ${JSON.stringify(after)}`);
  }
  return after;
}

export interface RecordSource<R> {
  /** Records in id order after `after` (exclusive), `first` at most. */
  readonly scan: (after: string | null, first: number) => Page<R, string>;
  readonly lookup: (id: string) => R | null;
}

export function recordPage<R extends { readonly id: string }, Out>(
  source: RecordSource<R>,
  filter: RecordFilter<R>,
  args: PageArgs<string> | null | undefined,
  pageSizeMax: number,
  path: string,
  shape: (record: R) => Out,
): ApiPage<Out, string> {
  const limit = pageSizeOf(args?.first, pageSizeMax, path);
  const after = checkedIdCursor(args?.after, path);
  const found: R[] = [];
  let lastExamined: string | null = null;
  let exhausted = false;

  if (filter.ids !== null) {
    // Named ids: look them up instead of scanning (ids is sorted, so the page stays in id order).
    for (const id of filter.ids) {
      if (after !== null && id <= after) continue;
      const record = source.lookup(id);
      if (record !== null && filter.test(record)) found.push(record);
      if (found.length > limit) break;
    }
    exhausted = true;
  } else {
    let cursor = after;
    let scanned = 0;
    scan: while (scanned < filter_scan_records_max) {
      const batch = source.scan(cursor, Math.min(page_size_default * 10, filter_scan_records_max - scanned));
      for (const record of batch.items) {
        scanned += 1;
        lastExamined = record.id;
        if (filter.test(record)) {
          found.push(record);
          if (found.length > limit) break scan;
        }
      }
      if (!batch.pageInfo.hasNextPage) {
        exhausted = true;
        break;
      }
      cursor = batch.pageInfo.endCursor;
    }
  }

  if (found.length > limit) {
    const items = found.slice(0, limit);
    return { items: items.map(shape), pageInfo: { hasNextPage: true, endCursor: items[items.length - 1]!.id } };
  }
  const last = found[found.length - 1];
  if (!exhausted) {
    // The scan budget ran out: more may match further on; resume after the last record examined.
    return { items: found.map(shape), pageInfo: { hasNextPage: true, endCursor: lastExamined } };
  }
  return { items: found.map(shape), pageInfo: { hasNextPage: false, endCursor: last?.id ?? null } };
}
