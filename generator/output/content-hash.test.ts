import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blake3Hex } from "../../runtime/hash/index.js";
import { contentHash } from "./content-hash.js";

describe("contentHash", () => {
  it("is BLAKE3-256: the official vector for the empty input", () => {
    expect(contentHash(new Uint8Array())).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  });

  it("equals the runtime's BLAKE3 on any bytes, including views into larger buffers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat(16), (bytes, offset) => {
        const padded = new Uint8Array(bytes.length + offset + 3);
        padded.set(bytes, offset);
        const view = padded.subarray(offset, offset + bytes.length);
        expect(contentHash(view)).toBe(blake3Hex(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
