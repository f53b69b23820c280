// BLAKE3-256, synchronous, dispatched by input size to whichever implementation is fastest there
// (figures and decisions: docs/adr/0011-blake3-implementation.md, docs/adr/0013-blake3-single-chunk-hashing.md).
//
// - up to 1024 bytes (one BLAKE3 chunk): runtime/hash/blake3-chunk.ts, one call into a small WebAssembly loop with
//   no per-call allocation; everything the kernel hashes per rewrite is this size.
// - hash-wasm: no native-call overhead, so it wins on inputs of a few chunks.
// - @napi-rs/blake-hash: the Rust crate with SIMD; several times faster per byte once inputs pass ~2 KB.
// hash-wasm only instantiates asynchronously, so this module awaits it once at load (top-level await).
import { blake3 as nativeBlake3 } from "@napi-rs/blake-hash";
import { createBLAKE3 } from "hash-wasm";
import { blake3ChunkInto, blake3_chunk_bytes } from "./blake3-chunk.js";

/** Inputs of at least this many bytes go to the native implementation (measured crossover: ADR 0011). */
export const blake3_native_min_bytes = 2048;
export const blake3_digest_bytes = 32;

const wasmHasher = await createBLAKE3(blake3_digest_bytes * 8);

/** The native binding is typed for Buffer; a Buffer view over the same memory avoids a copy. */
function nativeDigest(bytes: Uint8Array): Buffer {
  return nativeBlake3(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** BLAKE3-256 digest of `bytes` (32 bytes). */
export function blake3(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= blake3_chunk_bytes) return chunkDigest(bytes);
  if (bytes.length < blake3_native_min_bytes) return wasmHasher.init().update(bytes).digest("binary");
  const digest = nativeDigest(bytes);
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
}

/** BLAKE3-256 digest of `bytes` as 64 lowercase hex characters, no prefix (DESIGN.md §4). */
export function blake3Hex(bytes: Uint8Array): string {
  if (bytes.length <= blake3_chunk_bytes) return bytesToHexString(chunkDigest(bytes));
  if (bytes.length < blake3_native_min_bytes) return wasmHasher.init().update(bytes).digest("hex");
  return nativeDigest(bytes).toString("hex");
}

function chunkDigest(bytes: Uint8Array): Uint8Array {
  const digest = new Uint8Array(blake3_digest_bytes);
  blake3ChunkInto(bytes, 0, bytes.length, digest, 0);
  return digest;
}

/** Lowercase hex through Buffer's native encoder (faster than a JS loop for 32 bytes). */
function bytesToHexString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * The general implementations by name, so tests can check both against the official vectors and the bench can
 * race them (the single-chunk one, for inputs up to 1024 bytes, is tested on its own: blake3-chunk.test.ts).
 */
export const blake3Implementations = {
  "hash-wasm": (bytes: Uint8Array): Uint8Array => wasmHasher.init().update(bytes).digest("binary"),
  "@napi-rs/blake-hash": (bytes: Uint8Array): Uint8Array => {
    const digest = nativeDigest(bytes);
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
} as const;
