// BLAKE3-256 of inputs that fit in one chunk (at most 1024 bytes), with resumable chaining values.
//
// Why this exists (docs/adr/0013-blake3-single-chunk-hashing.md): every rewrite hashes a record, a trie leaf,
// O(log16 n) inner trie nodes of 566 bytes and the view digest — all single-chunk inputs. Through a general
// hasher each call pays for JS glue (views, copies, an allocated result) and re-compresses all 9 blocks of an inner
// node even when only one child hash, late in the encoding, changed. Inside one chunk BLAKE3 is a plain chain:
// the chaining value after block k depends on blocks 0..k only. So a caller that keeps the chaining value after
// each block (its "midstates") re-compresses only from the first block that changed: on average about half of an
// inner node. The result is the standard BLAKE3 digest, checked against the official vectors and hash-wasm.
//
// The block loop and compression function are one WebAssembly function emitted below from the specification
// (BLAKE3 paper, section 2.2): 7 rounds of 8 G mixes over 16 i32 locals, the message schedule unrolled at emission
// time. A few kilobytes of i32 add/xor/rotate; no SIMD, no memory growth, no imports. One call per hash: on
// Node 20 a JS-to-WebAssembly call costs more than a compression, so the loop is not in JS.

/** Bytes in a BLAKE3 chunk; inputs up to this size are hashed here. */
export const blake3_chunk_bytes = 1024;
/** Bytes in a BLAKE3 block (one compression). */
export const blake3_block_bytes = 64;
/** Bytes of a chaining value, and of the 256-bit digest. */
const cv_bytes = 32;
const cv_words = 8;

// Flags of the BLAKE3 specification, table 3.
const flag_chunk_start = 1;
const flag_chunk_end = 2;
const flag_root = 8;

const iv: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const message_permutation = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
const rounds = 7;

// ---- the compression loop, as WebAssembly --------------------------------------------------------------------

// WebAssembly memory layout (bytes): the chaining value, the chaining value after each block, then the input,
// padded to whole blocks.
const cv_at = 0;
const midstates_at = cv_bytes;
const blocks_max = blake3_chunk_bytes / blake3_block_bytes;
const input_at = midstates_at + blocks_max * cv_bytes;

// Opcodes used (WebAssembly core specification, section 5.4).
const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32Rotr: 0x78,
} as const;
const type_i32 = 0x7f;
const block_type_empty = 0x40;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A length-prefixed vector or section payload. */
function sized(bytes: readonly number[]): number[] {
  return [...unsignedLeb(bytes.length), ...bytes];
}

function name(text: string): number[] {
  return sized([...Buffer.from(text, "utf8")]);
}

/**
 * hash(first, blocks, length): compresses blocks first..blocks-1 of the `length`-byte input at `input_at`, chaining
 * from the value at `cv_at` (the IV, or the midstate before `first`), and leaves the output chaining value at
 * `cv_at` and the value after each block b at `midstates_at + 32 b`. Words are little-endian, as WebAssembly loads
 * them; the block counter is 0 (the input is the first and only chunk).
 */
function hashBody(): number[] {
  const param = { first: 0, blocks: 1, length: 2 };
  const local = { block: 3, flags: 4, blockLength: 5, at: 6, last: 7 };
  const v = (i: number): number => 8 + i; // state words v0..v15
  const m = (i: number): number => 24 + i; // message words m0..m15
  const locals_declared = 5 + 32;
  const code: number[] = [];
  const get = (index: number): void => void code.push(op.localGet, index);
  const set = (index: number): void => void code.push(op.localSet, index);
  const constant = (value: number): void => void code.push(op.i32Const, ...signedLeb(value));
  const load = (word: number): void => void code.push(op.i32Load, 2, ...unsignedLeb(word * 4)); // align 2^2
  const store = (byteOffset: number): void => void code.push(op.i32Store, 2, ...unsignedLeb(byteOffset));

  get(param.first);
  set(local.block);
  code.push(op.loop, block_type_empty);
  // last = block == blocks - 1
  get(local.block);
  get(param.blocks);
  constant(1);
  code.push(op.i32Sub, op.i32Eq);
  set(local.last);
  // flags = (block == 0 ? CHUNK_START : 0) | (last ? CHUNK_END | ROOT : 0)
  constant(flag_chunk_start);
  constant(0);
  get(local.block);
  code.push(0x45); // i32.eqz
  code.push(op.select);
  constant(flag_chunk_end | flag_root);
  constant(0);
  get(local.last);
  code.push(op.select, op.i32Or);
  set(local.flags);
  // at = input_at + block * 64; blockLength = last ? length - block * 64 : 64
  get(local.block);
  constant(6);
  code.push(op.i32Shl);
  set(local.at);
  get(param.length);
  get(local.at);
  code.push(op.i32Sub);
  constant(blake3_block_bytes);
  get(local.last);
  code.push(op.select);
  set(local.blockLength);
  get(local.at);
  constant(input_at);
  code.push(op.i32Add);
  set(local.at);

  for (let i = 0; i < cv_words; i++) {
    constant(cv_at);
    load(i);
    set(v(i));
  }
  for (let i = 0; i < 4; i++) {
    constant(iv[i]!);
    set(v(8 + i));
  }
  constant(0); // counter, low word
  set(v(12));
  constant(0); // counter, high word
  set(v(13));
  get(local.blockLength);
  set(v(14));
  get(local.flags);
  set(v(15));
  for (let i = 0; i < 16; i++) {
    get(local.at);
    load(i);
    set(m(i));
  }
  const add = (target: number, a: number, b: number, c?: number): void => {
    get(a);
    get(b);
    code.push(op.i32Add);
    if (c !== undefined) {
      get(c);
      code.push(op.i32Add);
    }
    set(target);
  };
  const xorRotate = (target: number, other: number, bits: number): void => {
    get(target);
    get(other);
    code.push(op.i32Xor, op.i32Const, bits, op.i32Rotr);
    set(target);
  };
  const g = (a: number, b: number, c: number, d: number, x: number, y: number): void => {
    add(v(a), v(a), v(b), m(x));
    xorRotate(v(d), v(a), 16);
    add(v(c), v(c), v(d));
    xorRotate(v(b), v(c), 12);
    add(v(a), v(a), v(b), m(y));
    xorRotate(v(d), v(a), 8);
    add(v(c), v(c), v(d));
    xorRotate(v(b), v(c), 7);
  };
  // The message schedule: round r uses the words of round r-1 permuted, so the permutation is applied to the
  // word indices here instead of to the words at run time.
  let schedule = Array.from({ length: 16 }, (_, i) => i);
  for (let round = 0; round < rounds; round++) {
    const s = (i: number): number => schedule[i]!;
    g(0, 4, 8, 12, s(0), s(1));
    g(1, 5, 9, 13, s(2), s(3));
    g(2, 6, 10, 14, s(4), s(5));
    g(3, 7, 11, 15, s(6), s(7));
    g(0, 5, 10, 15, s(8), s(9));
    g(1, 6, 11, 12, s(10), s(11));
    g(2, 7, 8, 13, s(12), s(13));
    g(3, 4, 9, 14, s(14), s(15));
    schedule = message_permutation.map((from) => schedule[from]!);
  }
  // The output chaining value v[i] ^ v[i + 8], to cv_at and to this block's midstate slot.
  for (let i = 0; i < cv_words; i++) {
    get(v(i));
    get(v(i + 8));
    code.push(op.i32Xor);
    set(v(i));
    constant(cv_at);
    get(v(i));
    store(i * 4);
    get(local.block);
    constant(5);
    code.push(op.i32Shl);
    get(v(i));
    store(midstates_at + i * 4);
  }
  // block += 1; continue while block < blocks
  get(local.block);
  constant(1);
  code.push(op.i32Add);
  set(local.block);
  get(local.block);
  get(param.blocks);
  code.push(op.i32LtU, op.brIf, 0);
  code.push(op.end); // loop
  code.push(op.end); // function
  return sized([1, ...unsignedLeb(locals_declared), type_i32, ...code]);
}

function hashModule(): Uint8Array {
  const section = (id: number, payload: readonly number[]): number[] => [id, ...sized(payload)];
  const funcType = [0x60, 3, type_i32, type_i32, type_i32, 0];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [1, ...funcType]), // types
    ...section(3, [1, 0]), // functions: one, of type 0
    ...section(5, [1, 0x00, 1]), // memory: one, min 1 page (64 KiB), no max
    ...section(7, [2, ...name("memory"), 0x02, 0, ...name("hash"), 0x00, 0]), // exports
    ...section(10, [1, ...hashBody()]), // code
  ]);
}

// ---- the driver ----------------------------------------------------------------------------------------------

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare the global). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
// Compiled synchronously at import: the module is a few kilobytes, and callers hash synchronously.
const instance = new webAssembly.Instance(new webAssembly.Module(hashModule()));
const hash = instance.exports.hash as (first: number, blocks: number, length: number) => void;
// The memory never grows, so these views stay valid.
const memoryBuffer = (instance.exports.memory as { readonly buffer: ArrayBuffer }).buffer;
const memory = new Uint8Array(memoryBuffer);
const memoryWords = new Int32Array(memoryBuffer);
/** Where `hash` leaves the digest (the final chaining value), as a view made once. */
const digest_view = memory.subarray(cv_at, cv_at + cv_bytes);

/** Blocks BLAKE3 compresses for a single-chunk input of `length` bytes (the empty input is one empty block). */
export function blake3BlockCount(length: number): number {
  return length === 0 ? 1 : Math.ceil(length / blake3_block_bytes);
}

/** Words of midstate storage a caller keeps for inputs of `length` bytes: one chaining value per block but the last. */
export function blake3MidstateWords(length: number): number {
  return (blake3BlockCount(length) - 1) * cv_words;
}

/**
 * Writes BLAKE3-256 of `input[start, start + length)` (length <= 1024) to `out[outOffset, outOffset + 32)`.
 *
 * With `midstates` (blake3MidstateWords(length) words, owned by the caller and used for inputs of this one length),
 * the chaining value after every block but the last is stored there, and compression starts at block
 * `resumeBlock`: blocks before it must be unchanged since the midstates were written. `resumeBlock` = 0 computes
 * everything (and fills the midstates).
 */
export function blake3ChunkInto(
  input: Uint8Array,
  start: number,
  length: number,
  out: Uint8Array,
  outOffset: number,
  midstates: Int32Array | null = null,
  resumeBlock = 0,
): void {
  if (length > blake3_chunk_bytes || length < 0) {
    throw new RangeError(`blake3ChunkInto: ${length} bytes; single-chunk hashing takes at most ${blake3_chunk_bytes}`);
  }
  const blocks = blake3BlockCount(length);
  const first = midstates === null ? 0 : Math.min(Math.max(resumeBlock, 0), blocks - 1);
  const skipped = first * blake3_block_bytes;
  if (start === 0 && skipped === 0 && length === input.length) memory.set(input, input_at);
  else memory.set(input.subarray(start + skipped, start + length), input_at + skipped);
  // The last block is zero-padded (its length goes to the compression separately). At most 63 bytes: a loop,
  // because TypedArray.prototype.fill is a call into the runtime that costs more than that.
  for (let at = input_at + length, end = input_at + blocks * blake3_block_bytes; at < end; at++) memory[at] = 0;
  if (first === 0) {
    for (let i = 0; i < cv_words; i++) memoryWords[cv_at / 4 + i] = iv[i]!;
  } else {
    const from = (first - 1) * cv_words;
    for (let i = 0; i < cv_words; i++) memoryWords[cv_at / 4 + i] = midstates![from + i]!;
  }
  hash(first, blocks, length);
  if (midstates !== null) {
    const end = (blocks - 1) * cv_words;
    for (let word = first * cv_words; word < end; word++) midstates[word] = memoryWords[midstates_at / 4 + word]!;
  }
  out.set(digest_view, outOffset);
}
