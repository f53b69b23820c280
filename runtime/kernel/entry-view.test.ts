// Indexing stored history by view reads only `type` and `view` from each entry's bytes: they must be what a full
// decode gives, for every kind of entry, and anything unexpected must fall back to a full decode (null).
import { describe, expect, it } from "vitest";
import { decodeCanonical, encodeCanonical } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import { entryTypeAndView } from "./entry-view.js";
import type { HistoryEntry } from "./history.js";
import { Kernel } from "./kernel.js";
import { workloadStep } from "./test-support/workload.js";

describe("entryTypeAndView", () => {
  it("reads the type and view a full decode gives, for every entry of a workload with every entry kind", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    for (let i = 0; i < 600; i++) workloadStep(kernel, 3);
    const types = new Set<string>();
    for (let idx = 0; idx < kernel.nextIdx; idx++) {
      const bytes = kernel.encodedEntry(idx);
      const entry = decodeCanonical(bytes) as unknown as HistoryEntry;
      types.add(entry.type);
      expect(entryTypeAndView(bytes)).toEqual({ type: entry.type, view: entry.view });
    }
    expect([...types].sort()).toEqual(["rewrite", "sws.collapse", "sws.create", "sws.discard"]);
  });

  it("returns null instead of guessing when the bytes are not an entry with text type and view", () => {
    expect(entryTypeAndView(encodeCanonical([1, 2]))).toBeNull();
    expect(entryTypeAndView(encodeCanonical({ type: "rewrite" }))).toBeNull();
    expect(entryTypeAndView(encodeCanonical({ type: "rewrite", view: 3 }))).toBeNull();
    expect(entryTypeAndView(encodeCanonical({ idx: 1, type: "rewrite", view: "sws:1" }).subarray(0, 9))).toBeNull();
    expect(entryTypeAndView(encodeCanonical({ ops: [{ view: "x" }], type: "t", view: "sws:7" }))).toEqual({
      type: "t",
      view: "sws:7",
    });
  });
});
