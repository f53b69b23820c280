// A checkpoint load hashes each record from its bytes inside the chunk instead of encoding it again: the hashes
// must be the encoder's, bit for bit, for any record content (nested, wide, long, floats, big integers, bytes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCanonical, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { edge_record_tag, encodeEdgeRecordHash, encodeNodeRecordHash, node_record_tag } from "../digest/index.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { ChunkLayoutError, RecordHasher } from "./checkpoint-records.js";

const attrValue: fc.Arbitrary<CanonicalValue> = fc.letrec<{ value: CanonicalValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<CanonicalValue>(null, true, false, 0, 23, 24, 255, 256, 65536, 2 ** 32, Number.MAX_SAFE_INTEGER),
    fc.integer(),
    fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.bigInt({ min: -(1n << 64n), max: (1n << 64n) - 1n }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ minLength: 1100, maxLength: 1500 }), // a record past one BLAKE3 chunk (1024 bytes)
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const hexId = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString("hex"));

const nodeRecord = fc.record({
  id: hexId,
  kind: fc.constantFrom("Task", "Note"),
  attrs: fc.dictionary(fc.string({ maxLength: 8 }), attrValue, { maxKeys: 6 }),
});
const edgeRecord = fc.record({
  id: hexId,
  kind: fc.constantFrom("DEPENDS_ON"),
  from: hexId,
  to: hexId,
  attrs: fc.dictionary(fc.string({ maxLength: 8 }), attrValue, { maxKeys: 3 }),
});

/** Encodes records as the checkpoint writer does, decodes them strictly, hashes from the bytes. */
function hashedFromBytes(tag: string, t: string, records: readonly CanonicalValue[]) {
  const bytes = encodeCanonical({ t, r: records as CanonicalValue[] });
  const decoded = (decodeCanonical(bytes) as { r: CanonicalValue[] }).r;
  const hasher = new RecordHasher(tag, decoded.length);
  hasher.addChunk(bytes, decoded.length);
  return { decoded, hashes: hasher.hashes().map((hash) => Buffer.from(hash).toString("hex")) };
}

describe("record hashes from checkpoint bytes", () => {
  it("equal the encoder's hashes for any node and edge records", () => {
    fc.assert(
      fc.property(fc.array(nodeRecord, { maxLength: 12 }), fc.array(edgeRecord, { maxLength: 12 }), (nodes, edges) => {
        const n = hashedFromBytes(node_record_tag, "n", nodes as unknown as CanonicalValue[]);
        const expectedNodes = n.decoded.map((record) =>
          Buffer.from(encodeNodeRecordHash(record as unknown as NodeRecord).hash).toString("hex"),
        );
        expect(n.hashes).toEqual(expectedNodes);
        const e = hashedFromBytes(edge_record_tag, "e", edges as unknown as CanonicalValue[]);
        const expectedEdges = e.decoded.map((record) =>
          Buffer.from(encodeEdgeRecordHash(record as unknown as EdgeRecord).hash).toString("hex"),
        );
        expect(e.hashes).toEqual(expectedEdges);
      }),
      { seed: 41, numRuns: 300 },
    );
  });

  it("refuses chunks that are not the writer's layout or hold more records than announced", () => {
    const records = [{ id: "a", kind: "Task", attrs: {} }];
    const other = encodeCanonical({ t: "n", r: records, x: 1 }); // a third key: the map head differs
    expect(() => new RecordHasher(node_record_tag, 5).addChunk(other, 1)).toThrow(ChunkLayoutError);
    const chunk = encodeCanonical({ t: "n", r: records });
    expect(() => new RecordHasher(node_record_tag, 5).addChunk(chunk, 2)).toThrow(/array length differs/);
    const full = new RecordHasher(node_record_tag, 1);
    full.addChunk(chunk, 1);
    expect(() => full.addChunk(chunk, 1)).toThrow(/more records than the 1 announced/);
    expect(() => new RecordHasher(node_record_tag, 5).addChunk(chunk.subarray(0, chunk.length - 8), 1)).toThrow(
      ChunkLayoutError,
    );
  });
});
