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

// WebAssembly memory layout (bytes). blake3ChunkInto's own area at the start: the chaining value after each block
// ("midstate" slots, 32 bytes each), then the input, padded to whole blocks. The rest is an arena that callers of
// blake3RunJobs lay out as they like (blake3Arena).
const blocks_max = blake3_chunk_bytes / blake3_block_bytes;
const chunk_midstates_at = 0;
const chunk_input_at = chunk_midstates_at + blocks_max * cv_bytes;
const arena_at = chunk_input_at + blake3_chunk_bytes;
/** Memory pages (64 KiB each): room for about a thousand trie nodes per blake3RunJobs call (record-table.ts). */
const memory_pages = 16;
const memory_bytes = memory_pages * 65536;
/** Words in one job of blake3RunJobs: midstates address, input address, first block, blocks, length, out address. */
export const blake3_job_words = 6;

// Opcodes used (WebAssembly core specification, section 5.4).
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GeU: 0x4f,
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

/** Instruction helpers over one function body. */
function emitter(code: number[]) {
  return {
    get: (index: number): void => void code.push(op.localGet, index),
    set: (index: number): void => void code.push(op.localSet, index),
    constant: (value: number): void => void code.push(op.i32Const, ...signedLeb(value)),
    /** i32.load at the address on the stack + byteOffset (alignment hint 2^2; unaligned addresses work too). */
    load: (byteOffset: number): void => void code.push(op.i32Load, 2, ...unsignedLeb(byteOffset)),
    store: (byteOffset: number): void => void code.push(op.i32Store, 2, ...unsignedLeb(byteOffset)),
  };
}

/**
 * compress(ms, input, first, blocks, length): compresses blocks first..blocks-1 of the `length`-byte input at
 * `input` and stores the chaining value after each block b at `ms + 32 b`; the one after the last block is the
 * digest. The chain starts from the IV when `first` is 0, else from the value stored at `ms + 32 (first - 1)`.
 * Bytes from `length` up to the end of the last block are zeroed first (the padding). Words are little-endian,
 * as WebAssembly loads them; the block counter is 0 (the input is the first and only chunk).
 */
function compressBody(): number[] {
  const param = { ms: 0, input: 1, first: 2, blocks: 3, length: 4 };
  const local = { block: 5, flags: 6, blockLength: 7, at: 8, last: 9 };
  const c = (i: number): number => 10 + i; // chaining value c0..c7
  const v = (i: number): number => 18 + i; // state words v0..v15
  const m = (i: number): number => 34 + i; // message words m0..m15
  const locals_declared = 5 + 8 + 32;
  const code: number[] = [];
  const { get, set, constant, load, store } = emitter(code);

  // Zero the padding: at = input + length; while at < input + blocks * 64: store8 0.
  get(param.input);
  get(param.length);
  code.push(op.i32Add);
  set(local.at);
  get(param.input);
  get(param.blocks);
  constant(6);
  code.push(op.i32Shl, op.i32Add);
  set(local.last); // end of the last block, for the zeroing loop only
  code.push(op.block, block_type_empty, op.loop, block_type_empty);
  get(local.at);
  get(local.last);
  code.push(op.i32GeU, op.brIf, 1);
  get(local.at);
  constant(0);
  code.push(op.i32Store8, 0, 0);
  get(local.at);
  constant(1);
  code.push(op.i32Add);
  set(local.at);
  code.push(op.br, 0, op.end, op.end);

  // The starting chaining value: the IV, or the midstate before block `first`.
  get(param.first);
  code.push(op.i32Eqz, op.if, block_type_empty);
  for (let i = 0; i < cv_words; i++) {
    constant(iv[i]!);
    set(c(i));
  }
  code.push(op.else);
  for (let i = 0; i < cv_words; i++) {
    get(param.ms);
    get(param.first);
    constant(5);
    code.push(op.i32Shl, op.i32Add);
    constant(cv_bytes);
    code.push(op.i32Sub);
    load(i * 4);
    set(c(i));
  }
  code.push(op.end);

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
  code.push(op.i32Eqz);
  code.push(op.select);
  constant(flag_chunk_end | flag_root);
  constant(0);
  get(local.last);
  code.push(op.select, op.i32Or);
  set(local.flags);
  // at = block * 64; blockLength = last ? length - at : 64; at += input
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
  get(param.input);
  code.push(op.i32Add);
  set(local.at);

  for (let i = 0; i < cv_words; i++) {
    get(c(i));
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
    load(i * 4);
    set(m(i));
  }
  const add = (target: number, a: number, b: number, cc?: number): void => {
    get(a);
    get(b);
    code.push(op.i32Add);
    if (cc !== undefined) {
      get(cc);
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
  const g = (a: number, b: number, cc: number, d: number, x: number, y: number): void => {
    add(v(a), v(a), v(b), m(x));
    xorRotate(v(d), v(a), 16);
    add(v(cc), v(cc), v(d));
    xorRotate(v(b), v(cc), 12);
    add(v(a), v(a), v(b), m(y));
    xorRotate(v(d), v(a), 8);
    add(v(cc), v(cc), v(d));
    xorRotate(v(b), v(cc), 7);
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
  // The output chaining value c[i] = v[i] ^ v[i + 8], kept for the next block and stored in this block's slot.
  for (let i = 0; i < cv_words; i++) {
    get(v(i));
    get(v(i + 8));
    code.push(op.i32Xor);
    set(c(i));
    get(param.ms);
    get(local.block);
    constant(5);
    code.push(op.i32Shl, op.i32Add);
    get(c(i));
    store(i * 4);
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

/**
 * jobs(at, count): runs `count` jobs of blake3_job_words words from address `at`, in order. Job: compress's five
 * arguments, then `out`: when not 0, the digest is also copied there (into a parent's encoding, so the parent's
 * job later in the same call hashes it).
 */
function jobsBody(): number[] {
  const param = { at: 0, count: 1 };
  const local = { end: 2, out: 3, digest: 4 };
  const locals_declared = 3;
  const job_bytes = blake3_job_words * 4;
  const code: number[] = [];
  const { get, set, constant, load, store } = emitter(code);
  // end = at + count * job_bytes (a multiply by a constant: shifts and adds are not worth it here)
  get(param.at);
  get(param.count);
  constant(job_bytes);
  code.push(0x6c /* i32.mul */, op.i32Add);
  set(local.end);
  code.push(op.block, block_type_empty, op.loop, block_type_empty);
  get(param.at);
  get(local.end);
  code.push(op.i32GeU, op.brIf, 1);
  for (let word = 0; word < 5; word++) {
    get(param.at);
    load(word * 4);
  }
  code.push(op.call, 0);
  get(param.at);
  load(20);
  code.push(op.localTee, local.out, op.if, block_type_empty);
  // digest = ms + 32 * (blocks - 1)
  get(param.at);
  load(0);
  get(param.at);
  load(12);
  constant(5);
  code.push(op.i32Shl, op.i32Add);
  constant(cv_bytes);
  code.push(op.i32Sub);
  set(local.digest);
  for (let i = 0; i < cv_words; i++) {
    get(local.out);
    get(local.digest);
    load(i * 4);
    store(i * 4);
  }
  code.push(op.end);
  get(param.at);
  constant(job_bytes);
  code.push(op.i32Add);
  set(param.at);
  code.push(op.br, 0, op.end, op.end);
  code.push(op.end); // function
  return sized([1, ...unsignedLeb(locals_declared), type_i32, ...code]);
}

/**
 * The module's bytes, with `pages` of memory (64 KiB each). Exported so a benchmark can instantiate its own copy
 * with more memory (bench/kernel/spike); the kernel uses the one instance below.
 */
export function blake3ModuleBytes(pages: number = memory_pages): Uint8Array {
  const section = (id: number, payload: readonly number[]): number[] => [id, ...sized(payload)];
  const compressType = [0x60, 5, type_i32, type_i32, type_i32, type_i32, type_i32, 0];
  const jobsType = [0x60, 2, type_i32, type_i32, 0];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [2, ...compressType, ...jobsType]), // types
    ...section(3, [2, 0, 1]), // functions: compress (type 0), jobs (type 1)
    ...section(5, [1, 0x00, ...unsignedLeb(pages)]), // memory: one, fixed size, no max
    ...section(7, [3, ...name("memory"), 0x02, 0, ...name("compress"), 0x00, 0, ...name("jobs"), 0x00, 1]), // exports
    ...section(10, [2, ...compressBody(), ...jobsBody()]), // code
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
const instance = new webAssembly.Instance(new webAssembly.Module(blake3ModuleBytes()));
const compress = instance.exports.compress as (
  ms: number,
  input: number,
  first: number,
  blocks: number,
  length: number,
) => void;
const runJobs = instance.exports.jobs as (at: number, count: number) => void;
// The memory never grows, so these views stay valid.
const memoryBuffer = (instance.exports.memory as { readonly buffer: ArrayBuffer }).buffer;
const memory = new Uint8Array(memoryBuffer);
const memoryWords = new Int32Array(memoryBuffer);
/** Where compress leaves the digest of an input of b + 1 blocks (the slot of its last block), as views made once. */
const chunk_digest_views = Array.from({ length: blocks_max }, (_, block) =>
  memory.subarray(chunk_midstates_at + block * cv_bytes, chunk_midstates_at + (block + 1) * cv_bytes),
);

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
  if (start === 0 && skipped === 0 && length === input.length) memory.set(input, chunk_input_at);
  else memory.set(input.subarray(start + skipped, start + length), chunk_input_at + skipped);
  const slots = chunk_midstates_at / 4;
  if (first > 0) {
    const from = (first - 1) * cv_words;
    for (let i = 0; i < cv_words; i++) memoryWords[slots + from + i] = midstates![from + i]!;
  }
  compress(chunk_midstates_at, chunk_input_at, first, blocks, length);
  if (midstates !== null) {
    const end = (blocks - 1) * cv_words;
    for (let word = first * cv_words; word < end; word++) midstates[word] = memoryWords[slots + word]!;
  }
  out.set(chunk_digest_views[blocks - 1]!, outOffset);
}

/**
 * The part of the WebAssembly memory that callers of blake3RunJobs own: `bytes[start, end)`. Nothing else in the
 * process writes there; a caller keeps its own layout of inputs, midstate slots and job descriptors in it.
 */
export interface Blake3Arena {
  readonly bytes: Uint8Array;
  /** The same memory as 32-bit words (little-endian), for job descriptors. */
  readonly words: Int32Array;
  readonly start: number;
  readonly end: number;
}

export const blake3Arena: Blake3Arena = { bytes: memory, words: memoryWords, start: arena_at, end: memory_bytes };

/**
 * Runs `count` hashing jobs whose descriptors (blake3_job_words words each) start at arena address `at` (a
 * multiple of 4), in order, in one call into WebAssembly. Job words: midstate slots address (the chaining value
 * after block b goes to slots + 32 b; the last one is the digest), input address, first block (0 starts from the
 * IV, b > 0 resumes from slot b - 1, which must hold the value after block b - 1 of this same input), blocks
 * (blake3BlockCount(length)), length (<= 1024), out (0, or an address the digest is also copied to). The bytes
 * after the input up to the end of its last block are overwritten with the padding. A job may hash bytes an
 * earlier job of the same call wrote through its `out`: that is how a Merkle path is hashed bottom-up in one call.
 */
export function blake3RunJobs(at: number, count: number): void {
  runJobs(at, count);
}
