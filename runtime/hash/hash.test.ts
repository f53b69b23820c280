// BLAKE3 against the official test vectors (both implementations, and the size dispatch around its threshold),
// and digestOf against the digest vectors in test-vectors/hash/.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CanonicalEncodeError, encodeCanonical } from "../canonical/index.js";
import { fromTagged, toHex } from "../canonical/tagged-value.js";
import type { TaggedValue } from "../canonical/tagged-value.js";
import { blake3Implementations, blake3_native_min_bytes } from "./blake3.js";
import { blake3, blake3Hex, digestOf } from "./index.js";

const vectorsDirectory = new URL("../../test-vectors/hash/", import.meta.url);
const official = JSON.parse(readFileSync(new URL("blake3.json", vectorsDirectory), "utf8")) as {
  cases: { input_len: number; hash: string }[];
};
const digests = JSON.parse(readFileSync(new URL("digests.json", vectorsDirectory), "utf8")) as {
  description: string;
  version_tag: string;
  body: TaggedValue;
  canonical_hex: string;
  digest: string;
}[];

/** The official vectors' input: byte i is i % 251. */
const officialInput = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => i % 251);

describe("blake3", () => {
  it.each(official.cases.map((vector) => [vector.input_len, vector.hash] as const))(
    "matches the official vector for %i bytes",
    (length, hash) => {
      const input = officialInput(length);
      expect(blake3Hex(input)).toBe(hash);
      expect(toHex(blake3(input))).toBe(hash);
      for (const [name, implementation] of Object.entries(blake3Implementations)) {
        expect(toHex(implementation(input)), name).toBe(hash);
      }
    },
  );

  it("gives the same digest on both sides of the dispatch threshold", () => {
    for (const length of [blake3_native_min_bytes - 1, blake3_native_min_bytes, blake3_native_min_bytes + 1]) {
      const input = officialInput(length);
      const [wasm, native] = Object.values(blake3Implementations).map((implementation) => toHex(implementation(input)));
      expect(blake3Hex(input)).toBe(wasm);
      expect(wasm).toBe(native);
    }
  });

  it("returns a fresh 32-byte Uint8Array per call", () => {
    const first = blake3(new Uint8Array([1]));
    const second = blake3(new Uint8Array([2]));
    expect(first.length).toBe(32);
    expect(toHex(first)).not.toBe(toHex(second));
    expect(toHex(first)).toBe(blake3Hex(new Uint8Array([1])));
  });

  it("hashes a view inside a larger buffer, not the whole buffer", () => {
    const backing = officialInput(3000);
    expect(blake3Hex(backing.subarray(0, 1))).toBe(official.cases[1]?.hash);
    const large = new Uint8Array(9000);
    large.set(officialInput(8193), 500);
    expect(blake3Hex(large.subarray(500, 500 + 8193))).toBe(official.cases.find((c) => c.input_len === 8193)?.hash);
  });
});

describe("digestOf", () => {
  it.each(digests.map((vector) => [vector.description, vector] as const))("%s", (_, vector) => {
    const body = fromTagged(vector.body);
    expect(toHex(encodeCanonical([vector.version_tag, body]))).toBe(vector.canonical_hex);
    expect(digestOf(vector.version_tag, body)).toBe(vector.digest);
  });

  it.each(["", "Graph-commit-v0", "graph-commit", "graph commit-v0", "-v0", `${"a".repeat(64)}-v0`])(
    "refuses the version tag %j",
    (tag) => {
      expect(() => digestOf(tag, null)).toThrow(/version tag/);
    },
  );

  it("names the path inside the body when the body cannot be encoded", () => {
    expect(() => digestOf("node-record-v0", { attrs: { x: undefined } } as never)).toThrow(CanonicalEncodeError);
    expect(() => digestOf("node-record-v0", { attrs: { x: undefined } } as never)).toThrow("$[1].attrs.x");
  });

  it("does not disturb an encoding the caller holds", () => {
    const held = encodeCanonical({ a: 1 });
    digestOf("node-record-v0", { b: "something longer than the first value" });
    expect(toHex(held)).toBe("a1616101");
  });
});
