// Record hashes are written from the records' known layout rather than by the generic encoder. Whatever the
// record (the layout, another shape, a value without an encoding), the hash must be the definition's,
// BLAKE3(canonical([tag, record])), and a failure the generic encoder's error with its path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalEncodeError, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { blake3 } from "../hash/index.js";
import { edge_record_tag, encodeEdgeRecordHash, encodeNodeRecordHash, node_record_tag } from "./spec.js";

function definition(tag: string, record: object): { hash: string; byteLength: number } {
  const bytes = encodeCanonical([tag, record as CanonicalValue]);
  return { hash: Buffer.from(blake3(bytes)).toString("hex"), byteLength: bytes.length };
}

function actual(encoding: { hash: Uint8Array; byteLength: number }): { hash: string; byteLength: number } {
  return { hash: Buffer.from(encoding.hash).toString("hex"), byteLength: encoding.byteLength };
}

const value: fc.Arbitrary<CanonicalValue> = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 8 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 4 }),
);
const field = fc.constantFrom("id", "kind", "from", "to", "attrs", "extra", "ids");
/** Records of the layout, with one field missing, one added, or fields of any value type. */
const anyRecord = fc.dictionary(field, value, { minKeys: 2, maxKeys: 6 });

describe("record hashes", () => {
  it("equal the definition for node and edge records of any shape and content", () => {
    fc.assert(
      fc.property(anyRecord, (record) => {
        expect(actual(encodeNodeRecordHash(record as unknown as NodeRecord))).toEqual(
          definition(node_record_tag, record),
        );
        expect(actual(encodeEdgeRecordHash(record as unknown as EdgeRecord))).toEqual(
          definition(edge_record_tag, record),
        );
      }),
      { numRuns: 1000 },
    );
    const node = { id: "a".repeat(64), kind: "Task", attrs: { title: "t", priority: 3 } };
    const edge = { id: "b".repeat(64), kind: "DependsOn", from: "c".repeat(64), to: "d".repeat(64), attrs: {} };
    expect(actual(encodeNodeRecordHash(node))).toEqual(definition(node_record_tag, node));
    expect(actual(encodeEdgeRecordHash(edge))).toEqual(definition(edge_record_tag, edge));
  });

  it("fail like the generic encoder, naming the path inside [tag, record]", () => {
    const record = { id: "a".repeat(64), kind: "Task", attrs: { title: "bad \ud800" } };
    expect(() => encodeNodeRecordHash(record)).toThrowError(CanonicalEncodeError);
    expect(() => encodeNodeRecordHash(record)).toThrowError("cannot encode $[1].attrs.title canonically");
  });

  it("of a class instance with the layout's keys are refused as the generic encoder refuses them", () => {
    class Shaped {
      readonly id = "a".repeat(64);
      readonly kind = "Task";
      readonly attrs = {};
    }
    expect(() => encodeNodeRecordHash(new Shaped())).toThrowError("Shaped is not a plain object");
  });
});
