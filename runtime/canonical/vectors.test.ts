// The golden vectors in test-vectors/cbor/ (format: its README.md), in both directions.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CanonicalDecodeError, CanonicalEncodeError, decodeCanonical, encodeCanonical } from "./index.js";
import { fromHex, fromTagged, toHex } from "./tagged-value.js";
import type { TaggedValue } from "./tagged-value.js";
import { describeValue } from "./value-description.js";

const vectorsDirectory = new URL("../../test-vectors/cbor/", import.meta.url);
const load = <T>(name: string): T[] => JSON.parse(readFileSync(new URL(name, vectorsDirectory), "utf8")) as T[];

const valid = load<{ description: string; value: TaggedValue; hex: string; decoded?: TaggedValue }>("valid.json");
const rejected = load<{ description: string; hex: string; reason: string; offset: number }>("rejected.json");
const encodeRejected = load<{ description: string; value: TaggedValue; reason: string; path?: string }>(
  "encode-rejected.json",
);

describe("valid vectors", () => {
  it.each(valid.map((vector) => [vector.description, vector] as const))("encodes %s", (_, vector) => {
    expect(toHex(encodeCanonical(fromTagged(vector.value)))).toBe(vector.hex);
  });

  it.each(valid.map((vector) => [vector.description, vector] as const))("decodes %s", (_, vector) => {
    const decoded = decodeCanonical(fromHex(vector.hex));
    expect(describeValue(decoded)).toEqual(describeValue(fromTagged(vector.decoded ?? vector.value)));
  });

  it("integers encode the same from number and bigint", () => {
    for (const vector of valid) {
      const value = vector.value;
      if (value === null || typeof value !== "object" || !("int" in value)) continue;
      expect(toHex(encodeCanonical(BigInt(value.int))), vector.description).toBe(vector.hex);
    }
  });
});

describe("rejected vectors", () => {
  it.each(rejected.map((vector) => [vector.description, vector] as const))("rejects %s", (_, vector) => {
    let caught: unknown;
    try {
      decodeCanonical(fromHex(vector.hex));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CanonicalDecodeError);
    const error = caught as CanonicalDecodeError;
    expect({ reason: error.reason, offset: error.offset }).toEqual({ reason: vector.reason, offset: vector.offset });
  });

  it("covers every decode rejection reason the decoder can report except too_large (tested directly)", () => {
    const reasons = new Set(rejected.map((vector) => vector.reason));
    for (const reason of [
      "truncated",
      "trailing_bytes",
      "indefinite_length",
      "reserved_additional_info",
      "non_shortest_integer",
      "non_shortest_length",
      "length_exceeds_input",
      "tag_forbidden",
      "simple_value_forbidden",
      "unexpected_break",
      "float16_forbidden",
      "float32_forbidden",
      "integral_float",
      "non_canonical_nan",
      "negative_zero",
      "invalid_utf8",
      "map_key_not_text",
      "duplicate_key",
      "unsorted_keys",
      "depth_exceeded",
    ]) {
      expect(reasons, reason).toContain(reason);
    }
  });
});

describe("encode-rejected vectors", () => {
  it.each(encodeRejected.map((vector) => [vector.description, vector] as const))("rejects %s", (_, vector) => {
    let caught: unknown;
    try {
      encodeCanonical(fromTagged(vector.value));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CanonicalEncodeError);
    const error = caught as CanonicalEncodeError;
    expect(error.reason).toBe(vector.reason);
    if (vector.path !== undefined) expect(error.path).toBe(vector.path);
  });
});
