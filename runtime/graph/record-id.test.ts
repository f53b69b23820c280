import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeCanonical } from "../canonical/index.js";
import { deriveRecordId, deriveRecordIdFromScratch } from "./record-id.js";

const jsonLike = fc.dictionary(
  fc.string(),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })),
);

describe("record ids", () => {
  it("the assembled preimage hashes to the id the definition gives, for any op and index", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.integer({ min: 0, max: 0xffff }),
        jsonLike,
        (at, index, op) => {
          const value = { op: "AddNode", data: op } as never;
          expect(deriveRecordId(at, index, encodeCanonical(value))).toBe(deriveRecordIdFromScratch(at, index, value));
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });

  it("differs when the state, the position or the op differs", () => {
    const op = encodeCanonical({ op: "AddNode", data: { kind: "demo" } });
    const other = encodeCanonical({ op: "AddNode", data: { kind: "demo2" } });
    const at = "a".repeat(64);
    const ids = new Set([
      deriveRecordId(at, 0, op),
      deriveRecordId("b".repeat(64), 0, op),
      deriveRecordId(at, 1, op),
      deriveRecordId(at, 0, other),
    ]);
    expect(ids.size).toBe(4);
  });
});
