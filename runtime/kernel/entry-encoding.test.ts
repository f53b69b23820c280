// The rewrite-entry writer must give exactly the generic canonical encoding of the entry, for any idx, view,
// meta and ops (the WAL and every replay hash these bytes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { toHex } from "../canonical/tagged-value.js";
import { encodeEntry } from "./entry-encoding.js";
import type { HistoryEntry } from "./history.js";

const plain: fc.Arbitrary<CanonicalValue> = fc.letrec<{ value: CanonicalValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, min: -(2 ** 52), max: 2 ** 52 }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const rewriteEntry = fc.record({
  idx: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2 ** 40 })),
  view: fc.nat({ max: 100_000 }).map((id) => `sws:${id}`),
  ops: fc.array(fc.dictionary(fc.string({ maxLength: 8 }), plain, { maxKeys: 3 }), { minLength: 1, maxLength: 30 }),
  meta: fc.dictionary(fc.string({ maxLength: 8 }), plain, { maxKeys: 4 }),
  digest: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe("encodeEntry", () => {
  it("writes a rewrite entry around its op bytes exactly as the generic encoder would", () => {
    fc.assert(
      fc.property(rewriteEntry, ({ idx, view, ops, meta, digest }) => {
        const entry = {
          idx,
          type: "rewrite",
          view,
          ops,
          meta,
          receipt: { rewriteIdx: idx, view, viewDigest: digest },
        } as HistoryEntry;
        const opBytes = Buffer.concat(ops.map((op) => encodeCanonical(op)));
        expect(toHex(encodeEntry(entry, opBytes))).toBe(toHex(encodeCanonical(entry as unknown as CanonicalValue)));
      }),
      { seed: 3, numRuns: 400 },
    );
  });

  it("falls back to the generic encoder for a rewrite entry with a field it does not know", () => {
    const entry = {
      idx: 1,
      type: "rewrite",
      view: "sws:0",
      ops: [{ op: "AddNode" }],
      meta: {},
      receipt: { rewriteIdx: 1, view: "sws:0", viewDigest: "a".repeat(64) },
      note: "added later",
    } as unknown as HistoryEntry;
    const opBytes = encodeCanonical({ op: "AddNode" });
    expect(toHex(encodeEntry(entry, opBytes))).toBe(toHex(encodeCanonical(entry as unknown as CanonicalValue)));
  });
});
