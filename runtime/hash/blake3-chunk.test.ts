// The single-chunk BLAKE3 against the official vectors and hash-wasm, and resuming from midstates against hashing
// from the start.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../canonical/tagged-value.js";
import { blake3ChunkInto, blake3MidstateWords, blake3_block_bytes, blake3_chunk_bytes } from "./blake3-chunk.js";
import { blake3Implementations } from "./blake3.js";

const official = JSON.parse(readFileSync(new URL("../../test-vectors/hash/blake3.json", import.meta.url), "utf8")) as {
  cases: { input_len: number; hash: string }[];
};

const officialInput = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => i % 251);
const reference = (bytes: Uint8Array): string => toHex(blake3Implementations["hash-wasm"](bytes));

function chunkHex(input: Uint8Array, start = 0, length = input.length): string {
  const out = new Uint8Array(32);
  blake3ChunkInto(input, start, length, out, 0);
  return toHex(out);
}

describe("blake3ChunkInto", () => {
  it.each(official.cases.filter((vector) => vector.input_len <= blake3_chunk_bytes).map((v) => [v.input_len, v.hash]))(
    "matches the official vector for %i bytes",
    (length, hash) => {
      expect(chunkHex(officialInput(length as number))).toBe((hash as string).slice(0, 64));
    },
  );

  it("matches hash-wasm for every length from 0 to 1024, read from inside a larger buffer", () => {
    for (let length = 0; length <= blake3_chunk_bytes; length++) {
      const backing = Uint8Array.from({ length: length + 9 }, (_, i) => (i * 31 + length) & 0xff);
      expect(chunkHex(backing, 4, length), `${length} bytes`).toBe(reference(backing.subarray(4, 4 + length)));
    }
  });

  it("writes the digest at the given offset and nowhere else", () => {
    const out = new Uint8Array(40).fill(0xaa);
    blake3ChunkInto(officialInput(100), 0, 100, out, 5);
    expect(toHex(out.subarray(5, 37))).toBe(reference(officialInput(100)));
    expect([...out.subarray(0, 5), ...out.subarray(37)].every((byte) => byte === 0xaa)).toBe(true);
  });

  it("refuses more than one chunk", () => {
    expect(() => blake3ChunkInto(new Uint8Array(1025), 0, 1025, new Uint8Array(32), 0)).toThrow(/at most 1024/);
  });

  it("resumed from its midstates, gives the digest of the changed input when only later blocks changed", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: blake3_chunk_bytes }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        (original, changes) => {
          const input = original.slice();
          const midstates = new Int32Array(blake3MidstateWords(input.length));
          const out = new Uint8Array(32);
          blake3ChunkInto(input, 0, input.length, out, 0, midstates, 0);
          expect(toHex(out)).toBe(reference(input));
          if (input.length === 0) return;
          let firstChanged = input.length;
          for (const [at, flip] of changes) {
            const position = at % input.length;
            input[position] = input[position]! ^ flip;
            firstChanged = Math.min(firstChanged, position);
          }
          blake3ChunkInto(input, 0, input.length, out, 0, midstates, Math.floor(firstChanged / blake3_block_bytes));
          expect(toHex(out)).toBe(reference(input));
          // The midstates now describe the changed input: resuming at the last block still gives its digest.
          blake3ChunkInto(input, 0, input.length, out, 0, midstates, Number.MAX_SAFE_INTEGER);
          expect(toHex(out)).toBe(reference(input));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
