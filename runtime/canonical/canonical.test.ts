// Behaviour of the JS API that the language-neutral vectors cannot express: which JS values are refused and how
// the error names them, what the decoder hands back, and the buffer reuse staying invisible to callers.
import { describe, expect, it } from "vitest";
import {
  CanonicalDecodeError,
  CanonicalEncodeError,
  canonical_bytes_max,
  decodeCanonical,
  encodeCanonical,
} from "./index.js";
import type { CanonicalValue } from "./index.js";
import { fromHex, toHex } from "./tagged-value.js";

function encodeError(value: unknown): CanonicalEncodeError {
  try {
    encodeCanonical(value as CanonicalValue);
  } catch (error) {
    if (error instanceof CanonicalEncodeError) return error;
    throw error;
  }
  throw new Error("expected encodeCanonical to throw");
}

function decodeError(bytes: Uint8Array): CanonicalDecodeError {
  try {
    decodeCanonical(bytes);
  } catch (error) {
    if (error instanceof CanonicalDecodeError) return error;
    throw error;
  }
  throw new Error("expected decodeCanonical to throw");
}

describe("encodeCanonical refuses values without a canonical form, naming the path", () => {
  class Point {
    x = 1;
  }
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  it.each([
    ["undefined", { nodes: [{}, {}, {}, { attrs: { x: undefined } }] }, "undefined_value", "$.nodes[3].attrs.x"],
    ["a function", { f: () => 1 }, "function_value", "$.f"],
    ["a symbol", [Symbol("s")], "symbol_value", "$[0]"],
    ["a Map", { m: new Map() }, "unsupported_object", "$.m"],
    ["a Set", { "a-b": new Set() }, "unsupported_object", '$["a-b"]'],
    ["a Date", [new Date(0)], "unsupported_object", "$[0]"],
    ["a class instance", { p: new Point() }, "unsupported_object", "$.p"],
    ["a typed array other than Uint8Array", { t: new Int16Array(2) }, "unsupported_object", "$.t"],
    ["a hole in a sparse array", { s: sparse }, "undefined_value", "$.s[1]"],
    ["an unsafe integer number", { n: 2 ** 53 }, "unsafe_integer", "$.n"],
    ["a bigint beyond 64 bits", [1n << 64n], "bigint_out_of_range", "$[0]"],
    ["a lone surrogate", { s: "\ud800" }, "lone_surrogate", "$.s"],
  ])("%s", (_, value, reason, path) => {
    const error = encodeError(value);
    expect({ reason: error.reason, path: error.path }).toEqual({ reason, path });
    expect(error.message).toContain(path);
  });

  it("reports a cyclic value as too deep instead of overflowing the stack", () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const error = encodeError(cyclic);
    expect(error.reason).toBe("depth_exceeded");
    expect(error.message).toContain("cyclic");
  });

  it("refuses an encoding larger than canonical_bytes_max, and accepts one of exactly that size", () => {
    expect(encodeError([new Uint8Array(canonical_bytes_max)]).reason).toBe("too_large");
    // 1 (array head) + 5 (byte string head) + payload + 1 (trailing integer 0) = canonical_bytes_max.
    const exact = encodeCanonical([new Uint8Array(canonical_bytes_max - 7), 0]);
    expect(exact.length).toBe(canonical_bytes_max);
    expect((decodeCanonical(exact) as unknown[])[1]).toBe(0);
  });
});

describe("encodeCanonical accepts", () => {
  it("null-prototype objects exactly like plain ones", () => {
    const bare = Object.assign(Object.create(null) as Record<string, CanonicalValue>, { b: 1, a: [true] });
    expect(toHex(encodeCanonical(bare))).toBe(toHex(encodeCanonical({ a: [true], b: 1 })));
  });

  it("a Buffer as a byte string", () => {
    expect(toHex(encodeCanonical(Buffer.from([1, 2])))).toBe("420102");
  });

  it("-0 and 0n as the integer 0", () => {
    expect(toHex(encodeCanonical([-0, 0n, 0]))).toBe("83000000");
  });
});

describe("the shared encode buffer stays invisible", () => {
  it("returns a fresh array that later calls do not overwrite", () => {
    const first = encodeCanonical("first");
    encodeCanonical("other");
    expect(toHex(first)).toBe(toHex(encodeCanonical("first")));
  });

  it("keeps every result intact across many calls, whatever buffer it shares", () => {
    const values = Array.from({ length: 2000 }, (_, i) => ({ i, text: "x".repeat(i % 300) }));
    const results = values.map((value) => encodeCanonical(value));
    const copies = results.map((bytes) => toHex(bytes));
    values.forEach((value, i) => expect(copies[i]).toBe(toHex(encodeCanonical(value))));
    results.forEach((bytes, i) => expect(toHex(bytes)).toBe(copies[i]));
  });

  it("survives a getter that encodes while an encoding is in progress", () => {
    const value = {
      get inner(): CanonicalValue {
        return toHex(encodeCanonical({ nested: [1, 2, 3] }));
      },
      z: "after",
    };
    const expected = { inner: toHex(encodeCanonical({ nested: [1, 2, 3] })), z: "after" };
    expect(toHex(encodeCanonical(value))).toBe(toHex(encodeCanonical(expected)));
  });

  it("grows for large values and still encodes small ones afterwards", () => {
    const large = encodeCanonical(new Uint8Array(3 * 1024 * 1024));
    expect(large.length).toBe(3 * 1024 * 1024 + 5);
    expect(toHex(encodeCanonical({ a: 1 }))).toBe("a1616101");
  });

  // Strings take one of three writers by length and content (JS loop, native ASCII copy, native UTF-8); each
  // length around their boundaries, ASCII or not, must give the text head and the UTF-8 bytes.
  it.each([1, 23, 24, 39, 40, 41, 63, 64, 65, 255, 256])("strings of %i units, ASCII or not", (units) => {
    const ascii = "0123456789abcdef".repeat(20).slice(0, units);
    for (const text of [ascii, `${ascii.slice(1)}é`, `é${ascii.slice(1)}`, `${ascii.slice(2)}😀`]) {
      const utf8 = Buffer.from(text, "utf8");
      const head = encodeCanonical(utf8.length).slice(); // the length as an unsigned integer ...
      head[0]! |= 0x60; // ... with the text major type
      expect(toHex(encodeCanonical(text))).toBe(toHex(head) + utf8.toString("hex"));
    }
    const lone = `${ascii.slice(1)}\ud800`;
    expect(encodeError({ s: lone })).toMatchObject({ reason: "lone_surrogate", path: "$.s" });
  });
});

describe("decodeCanonical results", () => {
  it("are numbers within the safe range and bigints beyond it", () => {
    expect(decodeCanonical(fromHex("1b001fffffffffffff"))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeCanonical(fromHex("1b0020000000000000"))).toBe(2n ** 53n);
    expect(decodeCanonical(fromHex("3b001ffffffffffffe"))).toBe(Number.MIN_SAFE_INTEGER);
    expect(decodeCanonical(fromHex("3b001fffffffffffff"))).toBe(-(2n ** 53n));
  });

  it("keep a __proto__ key as data without touching any prototype", () => {
    const decoded = decodeCanonical(fromHex("a1695f5f70726f746f5f5fa168706f6c6c75746564f5")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toEqual({ polluted: true });
    expect((decoded as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("copy byte strings out of the input", () => {
    const input = fromHex("43010203");
    const decoded = decodeCanonical(input) as Uint8Array;
    input[1] = 0xff;
    expect(Array.from(decoded)).toEqual([1, 2, 3]);
    expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype);
  });

  it("read a view that starts inside a larger buffer", () => {
    const backing = fromHex("ffff" + "82fb3ff800000000000019ffff" + "ff");
    const view = backing.subarray(2, backing.length - 1);
    expect(decodeCanonical(view)).toEqual([1.5, 65535]);
  });
});

describe("decodeCanonical errors", () => {
  it("refuse input larger than canonical_bytes_max before reading it", () => {
    const error = decodeError(new Uint8Array(canonical_bytes_max + 1));
    expect({ reason: error.reason, offset: error.offset }).toEqual({ reason: "too_large", offset: 0 });
  });

  it("name the offset and reason in the message", () => {
    const error = decodeError(fromHex("a2616201616101"));
    expect(error.message).toContain("byte 4");
    expect(error.message).toContain("unsorted_keys");
  });
});
