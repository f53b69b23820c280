// Property tests with a fixed seed (deterministic in CI, many cases): the encoder agrees with cbor2, an
// independent CBOR library configured for RFC 8949 §4.2.1 core deterministic encoding; decoding inverts
// encoding; and no byte string is ever accepted unless it is exactly the canonical encoding of what it decodes to.
import { encode as cbor2Encode } from "cbor2";
import { sortCoreDeterministic } from "cbor2/sorts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalDecodeError, decodeCanonical, encodeCanonical } from "./index.js";
import type { CanonicalValue } from "./index.js";
import { toHex } from "./tagged-value.js";
import { describeValue } from "./value-description.js";

const seed = 0x5eed_3;
const runs = 3000;

// Our contract differs from cbor2's defaults where it is stricter: always float64, -0 as 0. NaN is left out of
// the comparison because cbor2 writes it as float16 even with float64 set; the golden vectors pin NaN's bytes.
const cbor2Options = { sortKeys: sortCoreDeterministic, float64: true, simplifyNegativeZero: true };

const keyArbitrary = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 4 }),
  fc.constantFrom("__proto__", "constructor", "toString", "", "a".repeat(30)),
);

/** Numbers the contract can encode: safe integers and non-integral floats (NaN optional, see above). */
function numberArbitrary(withNaN: boolean): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: !withNaN }).filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n)),
    fc.constantFrom(0, -0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  );
}

function valueArbitrary(withNaN: boolean): fc.Arbitrary<CanonicalValue> {
  const { value } = fc.letrec<{ value: CanonicalValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(null, true, false),
      numberArbitrary(withNaN),
      fc.bigInt({ min: -(1n << 64n), max: (1n << 64n) - 1n }),
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.array(tie("value"), { maxLength: 6 }),
      fc.dictionary(keyArbitrary, tie("value"), { maxKeys: 6 }),
      // Wide maps take the encoder's other sorting path (more keys than insertion sort handles).
      fc.dictionary(keyArbitrary, fc.constantFrom<CanonicalValue>(null, 1, "x"), { minKeys: 17, maxKeys: 40 }),
    ),
  }));
  return value;
}

/** What decode(encode(v)) must return: the same value with -0 as 0 and integers typed by magnitude. */
function normalised(value: CanonicalValue): CanonicalValue {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(normalised);
  const record: { [key: string]: CanonicalValue } = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(record, key, {
      value: normalised(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

/** decode must either reject with a CanonicalDecodeError or return a value whose encoding is exactly `bytes`. */
function assertStrict(bytes: Uint8Array): void {
  let decoded: CanonicalValue;
  try {
    decoded = decodeCanonical(bytes);
  } catch (error) {
    if (!(error instanceof CanonicalDecodeError)) throw error;
    return;
  }
  expect(toHex(encodeCanonical(decoded))).toBe(toHex(bytes));
}

type Mutation = { kind: "flip" | "insert" | "delete" | "truncate" | "append"; at: number; byte: number };

function mutate(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
  const list = Array.from(bytes);
  switch (mutation.kind) {
    case "flip":
      if (list.length > 0) list[at] = (list[at] as number) ^ (mutation.byte || 1);
      break;
    case "insert":
      list.splice(at, 0, mutation.byte);
      break;
    case "delete":
      list.splice(at, 1);
      break;
    case "truncate":
      list.length = at;
      break;
    case "append":
      list.push(mutation.byte);
      break;
  }
  return Uint8Array.from(list);
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("flip", "insert", "delete", "truncate", "append"),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
});

describe("canonical encoding properties", () => {
  it("matches cbor2's core deterministic encoding", () => {
    fc.assert(
      fc.property(valueArbitrary(false), (value) => {
        expect(toHex(encodeCanonical(value))).toBe(toHex(cbor2Encode(value, cbor2Options)));
      }),
      { seed, numRuns: runs },
    );
  });

  it("decode inverts encode, and re-encoding is byte-identical", () => {
    fc.assert(
      fc.property(valueArbitrary(true), (value) => {
        const bytes = encodeCanonical(value);
        const decoded = decodeCanonical(bytes);
        expect(describeValue(decoded)).toEqual(describeValue(normalised(value)));
        expect(toHex(encodeCanonical(decoded))).toBe(toHex(bytes));
      }),
      { seed, numRuns: runs },
    );
  });

  it("never accepts a mutated encoding unless it is canonical for what it decodes to", () => {
    fc.assert(
      fc.property(
        valueArbitrary(true),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        (value, mutations) => {
          let bytes = encodeCanonical(value);
          for (const mutation of mutations) bytes = mutate(bytes, mutation);
          assertStrict(bytes);
        },
      ),
      { seed, numRuns: runs * 3 },
    );
  });

  it("rejects every other encoding of the same value that cbor2 produces with non-canonical options", () => {
    const variants = [
      { name: "keys in insertion order", options: { float64: true, simplifyNegativeZero: true } },
      { name: "shortest float (float16/float32)", options: { sortKeys: sortCoreDeterministic } },
      { name: "integers as floats", options: { sortKeys: sortCoreDeterministic, avoidInts: true, float64: true } },
    ];
    fc.assert(
      fc.property(valueArbitrary(true), fc.constantFrom(...variants), (value, variant) => {
        const canonical = toHex(encodeCanonical(value));
        const other = cbor2Encode(value, variant.options);
        if (toHex(other) === canonical) {
          expect(toHex(encodeCanonical(decodeCanonical(other)))).toBe(canonical);
        } else {
          expect(() => decodeCanonical(other), variant.name).toThrow(CanonicalDecodeError);
        }
      }),
      { seed, numRuns: runs },
    );
  });

  it("never accepts random bytes non-canonically", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => assertStrict(bytes)),
      { seed, numRuns: runs * 3 },
    );
  });
});
