// The JSON form of values in test-vectors/cbor/*.json (see test-vectors/cbor/README.md). JSON alone cannot say
// "integer 2^64 - 1", "float 2.0", "NaN" or "bytes", so those are wrapped in one-key tag objects, and so are maps
// (a bare JSON object would be ambiguous with the tags).
import type { CanonicalValue } from "./value.js";

export type TaggedValue =
  | null
  | boolean
  | string
  | TaggedValue[]
  | { int: string }
  | { float: string }
  | { bytes_hex: string }
  | { map: { [key: string]: TaggedValue } };

const hex_pattern = /^(?:[0-9a-f]{2})*$/;

/** Converts the vector form into the JS value the encoder takes (integers become number when safe, else bigint). */
export function fromTagged(tagged: TaggedValue): CanonicalValue {
  if (tagged === null || typeof tagged === "boolean" || typeof tagged === "string") return tagged;
  if (Array.isArray(tagged)) return tagged.map(fromTagged);
  if ("int" in tagged) {
    const value = BigInt(tagged.int);
    const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(value) : value;
  }
  if ("float" in tagged) return Number(tagged.float);
  if ("bytes_hex" in tagged) {
    if (!hex_pattern.test(tagged.bytes_hex)) throw new Error(`bytes_hex ${tagged.bytes_hex} is not lowercase hex`);
    return Uint8Array.from(Buffer.from(tagged.bytes_hex, "hex"));
  }
  if ("map" in tagged) {
    const record: { [key: string]: CanonicalValue } = {};
    for (const [key, value] of Object.entries(tagged.map)) {
      // defineProperty so a "__proto__" key stays data instead of replacing the prototype.
      Object.defineProperty(record, key, {
        value: fromTagged(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return record;
  }
  throw new Error(`unknown tagged value ${JSON.stringify(tagged)}`);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  if (!hex_pattern.test(hex)) throw new Error(`${hex.slice(0, 40)} is not lowercase hex`);
  return Uint8Array.from(Buffer.from(hex, "hex"));
}
