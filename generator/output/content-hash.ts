// The single place the output layer hashes bytes (manifest entries, build stamps, persisted-operation ids).
//
// BLAKE3-256 from @napi-rs/blake-hash, loaded synchronously on first use. The runtime's hash module dispatches between
// three implementations and awaits a WebAssembly instance at import (~100 ms); a no-op `wesley build` has a 0.3 s
// budget (ADR 0052) and hashes only a few hundred files, so it takes the one native function it needs, when it
// needs it. Same digest as runtime/hash (both are BLAKE3-256; content-hash.test.ts checks them against each other).
import { createRequire } from "node:module";

type Blake3 = (input: Buffer) => Buffer;

const requireFromHere = createRequire(import.meta.url);
let nativeBlake3: Blake3 | undefined;

/** BLAKE3-256 of `bytes` as 64 lowercase hex characters. */
export function contentHash(bytes: Uint8Array): string {
  nativeBlake3 ??= (requireFromHere("@napi-rs/blake-hash") as { blake3: Blake3 }).blake3;
  return nativeBlake3(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("hex");
}
