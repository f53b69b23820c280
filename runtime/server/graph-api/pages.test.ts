// Filtered pages do bounded work: at most filter_scan_records_max records per page. When the budget runs out the
// page says so (hasNextPage, cursor = last id examined), and following the cursors finds every match exactly once.
import { describe, expect, it } from "vitest";
import type { Page } from "../../kernel/index.js";
import { filter_scan_records_max } from "../config/limits.js";
import { recordPage } from "./pages.js";
import type { ApiPage, RecordSource } from "./pages.js";
import type { RecordFilter } from "./filters.js";

interface Rec {
  readonly id: string;
  readonly n: number;
}

/** `count` records with ids in order; the source pages like the kernel (items after the cursor, first at most). */
function source(count: number): RecordSource<Rec> & { scanned: number } {
  const records = Array.from({ length: count }, (_, n) => ({ id: n.toString(16).padStart(64, "0"), n }));
  const state = {
    scanned: 0,
    scan(after: string | null, first: number): Page<Rec, string> {
      // Ids are the hex of the position, so the record after `after` is at its number + 1.
      const start = after === null ? 0 : Math.min(records.length, parseInt(after, 16) + 1);
      const items = records.slice(start, start + first);
      state.scanned += items.length;
      return { items, pageInfo: { hasNextPage: start + first < records.length, endCursor: items[items.length - 1]?.id ?? null } };
    },
    lookup: (id: string) => records.find((record) => record.id === id) ?? null,
  };
  return state;
}

const where = (test: (record: Rec) => boolean): RecordFilter<Rec> => ({ test, ids: null });

describe("recordPage", () => {
  it("a sparse filter stops after filter_scan_records_max records and resumes where it stopped, finding every match once", () => {
    const count = filter_scan_records_max * 2 + 20_000;
    const records = source(count);
    const matches = (record: Rec) => record.n % 70_000 === 0; // 0, 70 000, 140 000, 210 000
    const found: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const scannedBefore = records.scanned;
      const page: ApiPage<number, string> = recordPage(records, where(matches), { first: 10, after }, 1000, "nodesPage", (record) => record.n);
      expect(records.scanned - scannedBefore).toBeLessThanOrEqual(filter_scan_records_max);
      found.push(...page.items);
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(found).toEqual([0, 70_000, 140_000, 210_000]);
    expect(pages).toBe(3);
  });

  it("a full page ends at its last item; an exhausted scan says there is nothing more", () => {
    const records = source(50);
    const first = recordPage(records, where(() => true), { first: 20 }, 1000, "nodesPage", (record) => record.n);
    expect(first.items).toHaveLength(20);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: (19).toString(16).padStart(64, "0") });
    const rest = recordPage(records, where(() => true), { first: 40, after: first.pageInfo.endCursor }, 1000, "nodesPage", (record) => record.n);
    expect(rest.items).toEqual(Array.from({ length: 30 }, (_, i) => i + 20));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it("named ids are looked up, not scanned, and keep id order and the cursor", () => {
    const records = source(1000);
    const ids = [900, 3, 500].map((n) => n.toString(16).padStart(64, "0"));
    const page = recordPage(records, { test: () => true, ids: [...ids].sort() }, { first: 2 }, 1000, "nodesPage", (record) => record.n);
    expect(page.items).toEqual([3, 500]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(records.scanned).toBe(0);
  });

  it("refuses first outside 1..pageSizeMax and a cursor that is not a record id", () => {
    const records = source(5);
    expect(() => recordPage(records, where(() => true), { first: 0 }, 10, "nodesPage", (r) => r)).toThrow("nodesPage.first: must be from 1 to 10 (pageSizeMax), got 0");
    expect(() => recordPage(records, where(() => true), { first: 11 }, 10, "edgesPage", (r) => r)).toThrow("edgesPage.first: must be from 1 to 10 (pageSizeMax), got 11");
    expect(() => recordPage(records, where(() => true), { after: "nope" }, 10, "nodesPage", (r) => r)).toThrow(/nodesPage.after: expected the endCursor/);
  });
});
