// Canonical CBOR encoder (contract: docs/adr/0010-canonical-cbor-encoding.md).
//
// This is on the kernel's hot path (every rewrite hashes its records), so it writes into one growable buffer
// reused across calls, caches the encoded bytes of map keys, and tracks the error path only when it throws:
// each container frame catches the failure on its way out and prepends its own segment.
import { CanonicalEncodeError } from "./errors.js";
import type { CanonicalEncodeReason } from "./errors.js";
import { canonical_bytes_max, canonical_depth_max } from "./limits.js";
import {
  byte_false,
  byte_float64,
  byte_null,
  byte_true,
  canonical_nan_bytes,
  cbor_int_min,
  cbor_uint_max,
  major_array,
  major_bytes,
  major_map,
  major_negative,
  major_text,
  major_unsigned,
} from "./value.js";
import type { CanonicalValue } from "./value.js";

const writer_initial_bytes = 4096;
/** A writer that grew past this for one large value drops back to the initial size afterwards. */
const writer_retained_bytes_max = 1024 * 1024;
/** Strings up to this many UTF-16 units are encoded by a JS loop; longer ones by the native encoder. */
const string_js_loop_units_max = 64;
/**
 * ASCII strings of at least this many UTF-16 units (up to string_js_loop_units_max) are copied by Buffer's native
 * latin1 writer after a native UTF-8 length check: for a 64-character record id or digest that is about half the
 * time of the JS loop (measured 0.12 vs 0.25 us), for short strings the loop's lower fixed cost wins.
 */
const string_native_ascii_units_min = 40;
/** Map keys up to this many UTF-16 units have their encoded bytes cached. */
const key_cache_key_units_max = 64;
/** Cache entries kept before the cache is dropped and refilled (records have few distinct keys). */
const key_cache_entries_max = 4096;
/** Byte runs up to this long are copied by a JS loop rather than TypedArray.set. */
const raw_copy_loop_bytes_max = 32;
/** Maps with more keys than this are sorted with Array.prototype.sort instead of insertion sort. */
const insertion_sort_keys_max = 16;

const two_pow_32 = 0x1_0000_0000;
const textEncoder = new TextEncoder();
const stringIsWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

/** Thrown inside the writer; carries path segments innermost-first until the public entry point formats them. */
class EncodeFailure {
  readonly segments: (string | number)[] = [];
  constructor(
    readonly reason: CanonicalEncodeReason,
    readonly detail: string,
  ) {}
}

const keyBytesCache = new Map<string, Uint8Array>();

class CanonicalWriter {
  buf = new Uint8Array(writer_initial_bytes);
  view = new DataView(this.buf.buffer);
  /** `buf` as a Buffer (same memory), for Buffer's native string writers. */
  nodeBuf = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;
  busy = false;
  private readonly keyBytesByDepth: Uint8Array[][] = [];
  private readonly orderByDepth: number[][] = [];
  /**
   * Per depth: the keys (in object order) that keyBytesByDepth/orderByDepth currently describe. Maps of one shape
   * (records of one kind, entries of one type) come in a row, so the next map with the same keys in the same
   * order reuses their encoded bytes and sorted order instead of looking each key up and sorting again.
   */
  private readonly lastKeysByDepth: (readonly string[] | undefined)[] = [];

  reset(): void {
    this.pos = 0;
    if (this.buf.length > writer_retained_bytes_max) {
      this.buf = new Uint8Array(writer_initial_bytes);
      this.view = new DataView(this.buf.buffer);
      this.nodeBuf = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
  }

  private ensure(extra: number): void {
    if (this.pos + extra > this.buf.length) this.grow(this.pos + extra);
  }

  private grow(needed: number): void {
    if (needed > canonical_bytes_max) {
      throw new EncodeFailure(
        "too_large",
        `the encoding would exceed canonical_bytes_max (${canonical_bytes_max} bytes); store large payloads outside the record`,
      );
    }
    const size = Math.min(canonical_bytes_max, Math.max(needed, this.buf.length * 2));
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.nodeBuf = Buffer.from(next.buffer, next.byteOffset, next.byteLength);
  }

  /** Writes an initial byte plus its argument in the shortest form (RFC 8949 §4.2.1). `n` is a safe integer. */
  appendHead(major: number, n: number): void {
    try {
      this.writeHead(major, n);
    } catch (failure) {
      throw publicError(failure);
    }
  }

  appendRaw(bytes: Uint8Array): void {
    try {
      this.writeRaw(bytes);
    } catch (failure) {
      throw publicError(failure);
    }
  }

  private writeHead(major: number, n: number): void {
    // Exact head size, so an encoding of exactly canonical_bytes_max is not refused for slack it never uses.
    this.ensure(n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < two_pow_32 ? 5 : 9);
    const buf = this.buf;
    if (n < 24) {
      buf[this.pos++] = major | n;
    } else if (n < 0x100) {
      buf[this.pos++] = major | 24;
      buf[this.pos++] = n;
    } else if (n < 0x10000) {
      buf[this.pos++] = major | 25;
      buf[this.pos++] = n >>> 8;
      buf[this.pos++] = n & 0xff;
    } else if (n < two_pow_32) {
      buf[this.pos++] = major | 26;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    } else {
      buf[this.pos++] = major | 27;
      this.view.setUint32(this.pos, Math.floor(n / two_pow_32));
      this.view.setUint32(this.pos + 4, n >>> 0);
      this.pos += 8;
    }
  }

  writeValue(value: CanonicalValue, depth: number): void {
    switch (typeof value) {
      case "string":
        return this.writeString(value);
      case "number":
        return this.writeNumber(value);
      case "boolean":
        this.ensure(1);
        this.buf[this.pos++] = value ? byte_true : byte_false;
        return;
      case "bigint":
        return this.writeBigInt(value);
      case "object":
        if (value === null) {
          this.ensure(1);
          this.buf[this.pos++] = byte_null;
          return;
        }
        if (value instanceof Uint8Array) return this.writeBytes(value);
        if (Array.isArray(value)) return this.writeArray(value as readonly CanonicalValue[], depth + 1);
        return this.writeMap(value as { readonly [key: string]: CanonicalValue }, depth + 1);
      case "undefined":
        throw new EncodeFailure("undefined_value", "undefined has no encoding; omit the key or use null");
      case "function":
        throw new EncodeFailure("function_value", "functions have no encoding");
      default:
        throw new EncodeFailure("symbol_value", "symbols have no encoding; use a string");
    }
  }

  private writeNumber(value: number): void {
    if (Number.isInteger(value)) {
      if (!Number.isSafeInteger(value)) {
        throw new EncodeFailure(
          "unsafe_integer",
          `${value} is an integer outside the safe range ±(2^53 - 1), so it may already have lost precision; pass a bigint`,
        );
      }
      // -0 passes `value >= 0`, so it encodes as the integer 0 as the contract requires.
      if (value >= 0) this.writeHead(major_unsigned, value);
      else this.writeHead(major_negative, -1 - value);
      return;
    }
    this.ensure(9);
    if (Number.isNaN(value)) {
      for (const byte of canonical_nan_bytes) this.buf[this.pos++] = byte;
      return;
    }
    this.buf[this.pos++] = byte_float64;
    this.view.setFloat64(this.pos, value);
    this.pos += 8;
  }

  private writeBigInt(value: bigint): void {
    if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      return this.writeNumber(Number(value));
    }
    if (value > cbor_uint_max || value < cbor_int_min) {
      throw new EncodeFailure(
        "bigint_out_of_range",
        `${value} is outside the CBOR integer range [-2^64, 2^64 - 1]; encode it as a decimal string or bytes`,
      );
    }
    this.ensure(9);
    const negative = value < 0n;
    this.buf[this.pos++] = (negative ? major_negative : major_unsigned) | 27;
    this.view.setBigUint64(this.pos, negative ? -1n - value : value);
    this.pos += 8;
  }

  private writeBytes(value: Uint8Array): void {
    this.writeHead(major_bytes, value.length);
    this.writeRaw(value);
  }

  private writeRaw(bytes: Uint8Array): void {
    const length = bytes.length;
    this.ensure(length);
    if (length > raw_copy_loop_bytes_max) {
      this.buf.set(bytes, this.pos);
      this.pos += length;
      return;
    }
    // TypedArray.set has a fixed cost that dominates for map keys and small payloads.
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) buf[pos++] = bytes[i] as number;
    this.pos = pos;
  }

  private writeString(value: string): void {
    const units = value.length;
    if (units > string_js_loop_units_max) return this.writeLongString(value);
    // A UTF-8 length equal to the UTF-16 length means every unit is ASCII (anything else takes 2 or more bytes).
    if (units >= string_native_ascii_units_min && Buffer.byteLength(value, "utf8") === units) {
      this.writeHead(major_text, units);
      this.ensure(units);
      this.nodeBuf.write(value, this.pos, units, "latin1");
      this.pos += units;
      return;
    }
    // Most strings here are ASCII (ids, digests, names): write them in one pass, assuming so, and fall back to
    // measuring the UTF-8 length first only when a wider character turns up.
    const start = this.pos;
    this.writeHead(major_text, units);
    this.ensure(units);
    const buf = this.buf;
    let pos = this.pos;
    let i = 0;
    for (; i < units; i++) {
      const unit = value.charCodeAt(i);
      if (unit >= 0x80) break;
      buf[pos++] = unit;
    }
    if (i === units) {
      this.pos = pos;
      return;
    }
    this.pos = start;
    const byteLength = utf8ByteLength(value);
    this.writeHead(major_text, byteLength);
    this.ensure(byteLength);
    if (byteLength === units) {
      const buf = this.buf;
      let pos = this.pos;
      for (let i = 0; i < units; i++) buf[pos++] = value.charCodeAt(i);
      this.pos = pos;
    } else {
      this.pos = writeUtf8(value, this.buf, this.pos);
    }
  }

  private writeLongString(value: string): void {
    if (!stringIsWellFormed.call(value)) throw loneSurrogateFailure();
    const byteLength = Buffer.byteLength(value, "utf8");
    this.writeHead(major_text, byteLength);
    this.ensure(byteLength);
    textEncoder.encodeInto(value, this.buf.subarray(this.pos, this.pos + byteLength));
    this.pos += byteLength;
  }

  private checkDepth(depth: number): void {
    if (depth > canonical_depth_max) {
      throw new EncodeFailure(
        "depth_exceeded",
        `containers nest deeper than canonical_depth_max (${canonical_depth_max}); is the value cyclic?`,
      );
    }
  }

  private writeArray(items: readonly CanonicalValue[], depth: number): void {
    this.checkDepth(depth);
    const count = items.length;
    this.writeHead(major_array, count);
    let index = 0;
    try {
      for (; index < count; index++) this.writeValue(items[index] as CanonicalValue, depth);
    } catch (failure) {
      if (failure instanceof EncodeFailure) failure.segments.push(index);
      throw failure;
    }
  }

  private writeMap(record: { readonly [key: string]: CanonicalValue }, depth: number): void {
    const prototype: unknown = Object.getPrototypeOf(record);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (record as object).constructor?.name ?? "object with a custom prototype";
      throw new EncodeFailure(
        "unsupported_object",
        `${kind} is not a plain object; convert it (Map -> object with string keys, Date -> string, typed arrays -> Uint8Array)`,
      );
    }
    this.checkDepth(depth);
    const keys = Object.keys(record);
    const count = keys.length;
    this.writeHead(major_map, count);
    if (count === 0) return;
    // Scratch arrays per depth: the values written below may be maps themselves, one level deeper.
    const keyBytes = (this.keyBytesByDepth[depth] ??= []);
    const order = (this.orderByDepth[depth] ??= []);
    let key = "";
    try {
      if (!sameKeys(this.lastKeysByDepth[depth], keys)) {
        // Cleared first: if a key below fails to encode, the scratch arrays no longer describe the last keys.
        this.lastKeysByDepth[depth] = undefined;
        for (let i = 0; i < count; i++) {
          key = keys[i] as string;
          keyBytes[i] = encodedKey(key);
        }
        sortKeyOrder(keyBytes, order, count);
        if (count <= insertion_sort_keys_max) this.lastKeysByDepth[depth] = keys;
      }
      for (let i = 0; i < count; i++) {
        const at = order[i] as number;
        key = keys[at] as string;
        const bytes = keyBytes[at] as Uint8Array;
        this.writeRaw(bytes);
        this.writeValue(record[key] as CanonicalValue, depth);
      }
    } catch (failure) {
      if (failure instanceof EncodeFailure) failure.segments.push(key);
      throw failure;
    }
  }
}

function sameKeys(last: readonly string[] | undefined, keys: readonly string[]): boolean {
  if (last === undefined || last.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (last[i] !== keys[i]) return false;
  return true;
}

/**
 * Fills order[0..count) with the indices of keyBytes sorted by the encoded key bytes. Records have a handful of
 * keys, often already in order, so insertion sort (no allocation, linear when sorted) beats Array.sort there.
 */
function sortKeyOrder(keyBytes: readonly Uint8Array[], order: number[], count: number): void {
  for (let i = 0; i < count; i++) order[i] = i;
  if (count > insertion_sort_keys_max) {
    const sorted = order
      .slice(0, count)
      .sort((a, b) => compareBytes(keyBytes[a] as Uint8Array, keyBytes[b] as Uint8Array));
    for (let i = 0; i < count; i++) order[i] = sorted[i] as number;
    return;
  }
  for (let i = 1; i < count; i++) {
    const at = order[i] as number;
    const bytes = keyBytes[at] as Uint8Array;
    let j = i - 1;
    while (j >= 0 && compareBytes(keyBytes[order[j] as number] as Uint8Array, bytes) > 0) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = at;
  }
}

function loneSurrogateFailure(): EncodeFailure {
  return new EncodeFailure(
    "lone_surrogate",
    "the string contains an unpaired UTF-16 surrogate, which has no UTF-8 form; fix the string or send bytes",
  );
}

/** UTF-8 length of a string, rejecting unpaired surrogates (which TextEncoder would silently replace). */
function utf8ByteLength(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw loneSurrogateFailure();
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Writes well-formed UTF-8 (checked by utf8ByteLength first) and returns the new position. */
function writeUtf8(value: string, buf: Uint8Array, start: number): number {
  let pos = start;
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code < 0x80) {
      buf[pos++] = code;
    } else if (code < 0x800) {
      buf[pos++] = 0xc0 | (code >> 6);
      buf[pos++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (code >> 18);
      buf[pos++] = 0x80 | ((code >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((code >> 6) & 0x3f);
      buf[pos++] = 0x80 | (code & 0x3f);
    } else {
      buf[pos++] = 0xe0 | (code >> 12);
      buf[pos++] = 0x80 | ((code >> 6) & 0x3f);
      buf[pos++] = 0x80 | (code & 0x3f);
    }
  }
  return pos;
}

/** The full encoding (head + UTF-8) of a map key; map keys sort by exactly these bytes. */
function encodedKey(key: string): Uint8Array {
  const cached = keyBytesCache.get(key);
  if (cached !== undefined) return cached;
  // String encoding never calls back into user code, so one scratch writer serves every key.
  keyWriter.reset();
  keyWriter.writeValue(key, 0);
  const bytes = keyWriter.buf.slice(0, keyWriter.pos);
  if (key.length <= key_cache_key_units_max) {
    if (keyBytesCache.size >= key_cache_entries_max) keyBytesCache.clear();
    keyBytesCache.set(key, bytes);
  }
  return bytes;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function formatPath(segments: readonly (string | number)[]): string {
  let path = "$";
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] as string | number;
    if (typeof segment === "number") path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** The error a caller sees for a failure inside the writer. */
function publicError(failure: unknown): unknown {
  if (failure instanceof EncodeFailure) {
    return new CanonicalEncodeError(failure.reason, formatPath(failure.segments), failure.detail);
  }
  if (failure instanceof RangeError) {
    // The engine's own stack limit can trip before canonical_depth_max on a small stack.
    return new CanonicalEncodeError("depth_exceeded", "$", `nesting exhausted the stack: ${failure.message}`);
  }
  return failure;
}

const sharedWriter = new CanonicalWriter();
const keyWriter = new CanonicalWriter();

/**
 * Runs `use` on the canonical bytes of `value` without copying them out of the shared buffer. The view is valid
 * only inside `use`; hashing uses this to skip one allocation and copy per record.
 */
export function withCanonicalBytes<T>(value: CanonicalValue, use: (bytes: Uint8Array) => T): T {
  // A getter on the value (or `use` itself) may encode again while the shared writer is in use.
  const writer = sharedWriter.busy ? new CanonicalWriter() : sharedWriter;
  writer.busy = true;
  try {
    writer.reset();
    try {
      writer.writeValue(value, 0);
    } catch (failure) {
      throw publicError(failure);
    }
    return use(writer.buf.subarray(0, writer.pos));
  } finally {
    writer.busy = false;
  }
}

/**
 * Small results are carved out of a shared slab: a fresh ArrayBuffer per record costs more than encoding it
 * (measured ~8x on 135-byte records), and the kernel encodes a record per rewrite. Like Node's Buffer pool, a
 * result may therefore be a view with a non-zero byteOffset into a larger ArrayBuffer.
 */
const slab_bytes = 16 * 1024;
const slab_result_bytes_max = 1024;
let slab = new ArrayBuffer(slab_bytes);
let slabUsed = 0;

function copyOut(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  if (length > slab_result_bytes_max) return bytes.slice();
  if (slabUsed + length > slab_bytes) {
    slab = new ArrayBuffer(slab_bytes);
    slabUsed = 0;
  }
  const result = new Uint8Array(slab, slabUsed, length);
  // Keep results 8-byte aligned so a later DataView or Float64Array view over them stays cheap.
  slabUsed += (length + 7) & ~7;
  result.set(bytes);
  return result;
}

/**
 * A reusable buffer that canonical items are appended to, for callers that assemble one encoding around parts
 * they already hold as bytes (a history entry around its op bytes, a record-id preimage around the op). Once the
 * buffer has grown to the working size, appending allocates nothing: on the kernel's hot path a fresh buffer per
 * encoding (and the garbage and page faults it brings) costs more than the encoding itself.
 *
 * The caller is responsible for the order of what it appends (map keys in canonical order); `value` encodes one
 * whole value canonically. `bytes()` is a view that the next `reset()` or append may overwrite: copy it or use it
 * at once.
 */
export class CanonicalBuilder {
  private readonly writer = new CanonicalWriter();

  /** Empties the buffer (keeps its memory). */
  reset(): this {
    this.writer.reset();
    return this;
  }

  /** Bytes appended since the last reset. */
  get length(): number {
    return this.writer.pos;
  }

  /** Drops what was appended after the first `length` bytes (an append that failed halfway, say). */
  truncate(length: number): this {
    if (length < 0 || length > this.writer.pos)
      throw new RangeError(`cannot truncate ${this.writer.pos} bytes to ${length}`);
    this.writer.pos = length;
    return this;
  }

  /** The head of an array of `count` items; the items follow. */
  arrayHead(count: number): this {
    this.writer.appendHead(major_array, count);
    return this;
  }

  /** The head of a map of `count` entries; keys and values follow, keys in canonical order. */
  mapHead(count: number): this {
    this.writer.appendHead(major_map, count);
    return this;
  }

  /** Bytes that already are one or more canonical items (a cached encoding), copied as they are. */
  raw(bytes: Uint8Array): this {
    this.writer.appendRaw(bytes);
    return this;
  }

  /** One value, canonically encoded; throws CanonicalEncodeError naming the path inside `value`. */
  value(value: CanonicalValue): this {
    try {
      this.writer.writeValue(value, 0);
    } catch (failure) {
      throw publicError(failure);
    }
    return this;
  }

  /** A view of the bytes appended since the last reset; valid until the next reset or append. */
  bytes(): Uint8Array {
    return this.writer.buf.subarray(0, this.writer.pos);
  }

  /** A view of bytes [start, end) appended since the last reset; same validity as `bytes()`. */
  slice(start: number, end: number): Uint8Array {
    return this.writer.buf.subarray(start, end);
  }
}

/**
 * Canonical CBOR bytes of `value`; throws CanonicalEncodeError naming the path of anything unencodable.
 * The result is yours (no later call changes it) but may be a view into a larger ArrayBuffer: use
 * `bytes.byteOffset`/`bytes.length`, never `bytes.buffer` alone.
 */
export function encodeCanonical(value: CanonicalValue): Uint8Array {
  return withCanonicalBytes(value, copyOut);
}
