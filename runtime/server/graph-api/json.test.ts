// Client JSON reaches the kernel as ordinary objects: graphql-js's null-prototype input objects become plain ones,
// a field named __proto__ stays a field (it never changes a prototype), and key order is kept for hashing.
import { describe, expect, it } from "vitest";
import { toPlain } from "./json.js";

describe("toPlain", () => {
  it("keeps a __proto__ field as a field, in its place, without touching any prototype", () => {
    const input = JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":[{"c":null}],"d":{"e":"f"}}') as object;
    const out = toPlain(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["a", "__proto__", "b", "d"]);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")).toEqual({
      value: { polluted: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(JSON.stringify(out)).toBe(JSON.stringify(input));
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("turns null-prototype objects (graphql-js input objects) into ordinary ones, deeply, dropping undefined fields", () => {
    const inner = Object.assign(Object.create(null) as object, { x: 1, gone: undefined });
    const outer = Object.assign(Object.create(null) as object, {
      list: [inner, 2, "s"],
      bytes: new Uint8Array([1, 2]),
    });
    const out = toPlain(outer) as { list: [Record<string, unknown>, number, string]; bytes: Uint8Array };
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.list[0])).toBe(Object.prototype);
    expect(out.list).toEqual([{ x: 1 }, 2, "s"]);
    expect("gone" in out.list[0]).toBe(false);
    expect(out.bytes).toBeInstanceOf(Uint8Array);
  });
});
