// Strict canonical CBOR decoder (contract: docs/adr/0010-canonical-cbor-encoding.md).
//
// It accepts exactly the byte strings encodeCanonical can produce and rejects everything else with the offset
// of the offending item, so a value read back from disk or the network re-encodes to the very bytes that were
// hashed. A rejection that the initial byte alone decides (tag, float16, indefinite length, ...) is reported
// before any truncation of the item's content.
import { CanonicalDecodeError } from "./errors.js";
import type { CanonicalDecodeReason } from "./errors.js";
import { canonical_bytes_max, canonical_depth_max } from "./limits.js";
import type { CanonicalValue } from "./value.js";

/** ASCII strings up to this many bytes are built by a JS loop; TextDecoder's call overhead dominates below it. */
const ascii_js_loop_bytes_max = 32;
const two_pow_32 = 0x1_0000_0000;
/** The high word of an 8-byte argument below this keeps the value within Number.MAX_SAFE_INTEGER. */
const safe_high_word_limit = 0x20_0000;

// ignoreBOM keeps a leading U+FEFF as content: stripping it would make decode(encode(s)) differ from s.
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class CanonicalReader {
  private readonly view: DataView;
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(reason: CanonicalDecodeReason, offset: number, detail: string): never {
    throw new CanonicalDecodeError(reason, offset, detail);
  }

  private remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(count: number, itemStart: number): void {
    if (this.remaining() < count) {
      this.fail("truncated", itemStart, `the item needs ${count} more bytes but the input ends`);
    }
  }

  /**
   * Reads the argument that follows an initial byte with additional info 24..27 (or returns `info` itself when
   * below 24), enforcing the shortest form. Values above Number.MAX_SAFE_INTEGER come back as bigint.
   */
  private readArgument(info: number, itemStart: number, what: "integer" | "length"): number | bigint {
    if (info < 24) return info;
    const reason = what === "integer" ? "non_shortest_integer" : "non_shortest_length";
    let value: number;
    switch (info) {
      case 24:
        this.need(1, itemStart);
        value = this.bytes[this.pos] as number;
        this.pos += 1;
        if (value < 24) this.fail(reason, itemStart, `${what} ${value} must be encoded in the initial byte`);
        return value;
      case 25:
        this.need(2, itemStart);
        value = this.view.getUint16(this.pos);
        this.pos += 2;
        if (value < 0x100) this.fail(reason, itemStart, `${what} ${value} must use a 1-byte argument`);
        return value;
      case 26:
        this.need(4, itemStart);
        value = this.view.getUint32(this.pos);
        this.pos += 4;
        if (value < 0x10000) this.fail(reason, itemStart, `${what} ${value} must use a 2-byte argument`);
        return value;
      default: {
        this.need(8, itemStart);
        const high = this.view.getUint32(this.pos);
        const low = this.view.getUint32(this.pos + 4);
        this.pos += 8;
        if (high === 0) this.fail(reason, itemStart, `${what} ${low} must use a 4-byte argument`);
        if (high < safe_high_word_limit) return high * two_pow_32 + low;
        return (BigInt(high) << 32n) | BigInt(low);
      }
    }
  }

  /** A length argument: every element takes at least `bytesPerElement` bytes, so more than that is a lie. */
  private readLength(info: number, itemStart: number, bytesPerElement: number): number {
    const length = this.readArgument(info, itemStart, "length");
    if (typeof length === "bigint" || length * bytesPerElement > this.remaining()) {
      this.fail(
        "length_exceeds_input",
        itemStart,
        `declared length ${length} needs more than the ${this.remaining()} bytes left`,
      );
    }
    return length;
  }

  readItem(depth: number): CanonicalValue {
    const start = this.pos;
    if (start >= this.bytes.length) this.fail("truncated", start, "expected a data item but the input ends");
    const initial = this.bytes[this.pos++] as number;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 6) this.fail("tag_forbidden", start, "tags are not part of the canonical encoding");
    if (major === 7) return this.readSimpleOrFloat(info, start);
    if (info >= 28 && info <= 30) this.fail("reserved_additional_info", start, `additional info ${info} is reserved`);
    if (info === 31) {
      if (major >= 2) this.fail("indefinite_length", start, "indefinite lengths are not canonical");
      this.fail("reserved_additional_info", start, `additional info 31 is not well-formed for major type ${major}`);
    }
    switch (major) {
      case 0:
        return this.readArgument(info, start, "integer");
      case 1: {
        const n = this.readArgument(info, start, "integer");
        if (typeof n === "number" && n < Number.MAX_SAFE_INTEGER) return -1 - n;
        return -1n - BigInt(n);
      }
      case 2: {
        const length = this.readLength(info, start, 1);
        const value = this.bytes.slice(this.pos, this.pos + length);
        this.pos += length;
        return value;
      }
      case 3:
        return this.readText(info, start);
      case 4:
        return this.readArray(info, start, depth + 1);
      default:
        return this.readMap(info, start, depth + 1);
    }
  }

  private readText(info: number, start: number): string {
    const length = this.readLength(info, start, 1);
    const from = this.pos;
    const to = from + length;
    this.pos = to;
    const bytes = this.bytes;
    if (length <= ascii_js_loop_bytes_max) {
      let text = "";
      let i = from;
      for (; i < to; i++) {
        const byte = bytes[i] as number;
        if (byte >= 0x80) break;
        text += String.fromCharCode(byte);
      }
      if (i === to) return text;
    }
    try {
      return utf8Decoder.decode(bytes.subarray(from, to));
    } catch {
      return this.fail("invalid_utf8", start, "the text string is not well-formed UTF-8");
    }
  }

  private checkDepth(depth: number, start: number): void {
    if (depth > canonical_depth_max) {
      this.fail("depth_exceeded", start, `containers nest deeper than canonical_depth_max (${canonical_depth_max})`);
    }
  }

  private readArray(info: number, start: number, depth: number): CanonicalValue[] {
    this.checkDepth(depth, start);
    const length = this.readLength(info, start, 1);
    const items = new Array<CanonicalValue>(length);
    for (let i = 0; i < length; i++) items[i] = this.readItem(depth);
    return items;
  }

  private readMap(info: number, start: number, depth: number): { [key: string]: CanonicalValue } {
    this.checkDepth(depth, start);
    const length = this.readLength(info, start, 2);
    const record: { [key: string]: CanonicalValue } = {};
    let previousKeyStart = -1;
    let previousKeyEnd = -1;
    for (let i = 0; i < length; i++) {
      const keyStart = this.pos;
      if (keyStart >= this.bytes.length) this.fail("truncated", keyStart, "expected a map key but the input ends");
      if ((this.bytes[keyStart] as number) >> 5 !== 3) {
        this.fail("map_key_not_text", keyStart, "map keys must be text strings");
      }
      const keyInfo = (this.bytes[this.pos++] as number) & 0x1f;
      if (keyInfo === 31) this.fail("indefinite_length", keyStart, "indefinite lengths are not canonical");
      if (keyInfo >= 28) this.fail("reserved_additional_info", keyStart, `additional info ${keyInfo} is reserved`);
      const key = this.readText(keyInfo, keyStart);
      const keyEnd = this.pos;
      if (previousKeyStart >= 0) {
        const order = this.compareRanges(previousKeyStart, previousKeyEnd, keyStart, keyEnd);
        if (order === 0) this.fail("duplicate_key", keyStart, `key ${JSON.stringify(key)} appears twice`);
        if (order > 0) {
          this.fail("unsorted_keys", keyStart, `key ${JSON.stringify(key)} sorts before the key preceding it`);
        }
      }
      previousKeyStart = keyStart;
      previousKeyEnd = keyEnd;
      const value = this.readItem(depth);
      if (key === "__proto__") {
        // Plain assignment would replace the prototype (pollution); an own data property keeps it as data.
        Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        record[key] = value;
      }
    }
    return record;
  }

  private compareRanges(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const bytes = this.bytes;
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let i = 0; i < length; i++) {
      const difference = (bytes[aStart + i] as number) - (bytes[bStart + i] as number);
      if (difference !== 0) return difference;
    }
    return aEnd - aStart - (bEnd - bStart);
  }

  private readSimpleOrFloat(info: number, start: number): CanonicalValue {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 25:
        return this.fail("float16_forbidden", start, "half-precision floats are not canonical; floats are float64");
      case 26:
        return this.fail("float32_forbidden", start, "single-precision floats are not canonical; floats are float64");
      case 27:
        return this.readFloat64(start);
      case 28:
      case 29:
      case 30:
        return this.fail("reserved_additional_info", start, `additional info ${info} is reserved`);
      case 31:
        return this.fail("unexpected_break", start, "a break code outside an indefinite-length item");
      default:
        return this.fail(
          "simple_value_forbidden",
          start,
          "only the simple values false, true and null are canonical (undefined and unassigned ones are not)",
        );
    }
  }

  private readFloat64(start: number): number {
    this.need(8, start);
    const value = this.view.getFloat64(this.pos);
    if (Number.isNaN(value)) {
      if (this.view.getUint32(this.pos) !== 0x7ff80000 || this.view.getUint32(this.pos + 4) !== 0) {
        this.fail("non_canonical_nan", start, "NaN must be encoded as fb7ff8000000000000");
      }
    } else if (Object.is(value, -0)) {
      this.fail("negative_zero", start, "-0.0 must be encoded as the integer 0");
    } else if (Number.isInteger(value)) {
      this.fail("integral_float", start, `${value} is integral and must be encoded as an integer`);
    }
    this.pos += 8;
    return value;
  }
}

/** Decodes canonical CBOR; throws CanonicalDecodeError { offset, reason } on any non-canonical input. */
export function decodeCanonical(bytes: Uint8Array): CanonicalValue {
  if (bytes.length > canonical_bytes_max) {
    throw new CanonicalDecodeError(
      "too_large",
      0,
      `${bytes.length} bytes exceed canonical_bytes_max (${canonical_bytes_max})`,
    );
  }
  const reader = new CanonicalReader(bytes);
  const value = reader.readItem(0);
  if (reader.pos !== bytes.length) {
    reader.fail("trailing_bytes", reader.pos, `${bytes.length - reader.pos} bytes follow the data item`);
  }
  return value;
}
