// The single-chunk BLAKE3 against the official vectors and hash-wasm, and resuming from midstates against hashing
// from the start.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../canonical/tagged-value.js";
import {
  blake3Arena,
  blake3ChunkInto,
  blake3MidstateWords,
  blake3RunJobs,
  blake3_block_bytes,
  blake3_chunk_bytes,
  blake3_job_words,
} from "./blake3-chunk.js";
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

describe("blake3RunJobs", () => {
  const memory = blake3Arena.bytes;
  const jobsAt = blake3Arena.start;
  const slotsAt = jobsAt + 4 * blake3_job_words * 4;
  const inputsAt = slotsAt + 2 * blake3_chunk_bytes;
  const job = (index: number, words: readonly number[]): void =>
    blake3Arena.words.set(words, (jobsAt >> 2) + index * blake3_job_words);
  const blocksOf = (length: number): number => Math.max(1, Math.ceil(length / blake3_block_bytes));
  const digestAt = (slots: number, length: number): string =>
    toHex(memory.slice(slots + (blocksOf(length) - 1) * 32, slots + blocksOf(length) * 32));

  it("hashes a child into its parent's input and then the parent, in one call", () => {
    const child = officialInput(700);
    const parent = Uint8Array.from({ length: 566 }, (_, i) => (i * 7) & 0xff);
    const childAt = inputsAt;
    const parentAt = inputsAt + blake3_chunk_bytes + 64;
    memory.set(child, childAt);
    memory.set(parent, parentAt);
    memory.fill(0xff, childAt + child.length, childAt + child.length + 64); // stale bytes: must become padding
    const slot = 301;
    job(0, [slotsAt, childAt, 0, blocksOf(child.length), child.length, parentAt + slot]);
    job(1, [slotsAt + blake3_chunk_bytes, parentAt, 0, blocksOf(parent.length), parent.length, 0]);
    blake3RunJobs(jobsAt, 2);
    const childDigest = blake3Implementations["hash-wasm"](child);
    expect(digestAt(slotsAt, child.length)).toBe(toHex(childDigest));
    parent.set(childDigest, slot);
    expect(digestAt(slotsAt + blake3_chunk_bytes, parent.length)).toBe(reference(parent));

    // The parent's slots now describe it: a job resuming at the changed block gives the changed input's digest.
    parent[520] = parent[520]! ^ 1;
    memory[parentAt + 520] = parent[520]!;
    const resumeAt = Math.floor(520 / blake3_block_bytes);
    job(0, [slotsAt + blake3_chunk_bytes, parentAt, resumeAt, blocksOf(parent.length), parent.length, 0]);
    blake3RunJobs(jobsAt, 1);
    expect(digestAt(slotsAt + blake3_chunk_bytes, parent.length)).toBe(reference(parent));
  });
});
