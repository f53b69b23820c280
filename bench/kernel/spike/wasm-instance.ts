// A fresh instance of the repo's single-chunk BLAKE3 WebAssembly module (runtime/hash/blake3-chunk.ts) with as
// many memory pages as the prototype's node slab needs: the same compression and jobs code, more memory.
import { blake3ModuleBytes } from "../../../runtime/hash/blake3-chunk.js";

export interface SpikeWasm {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  /** jobs(at, count): the repo's job runner (compress's arguments + out, 6 words per job). */
  readonly runJobs: (at: number, count: number) => void;
}

/** A BLAKE3 instance with `bytes` of memory (rounded up to 64 KiB pages); views are made once, memory never grows. */
export function newSpikeWasm(bytes: number): SpikeWasm {
  const pages = Math.ceil(bytes / 65536);
  const wa = (
    globalThis as unknown as {
      WebAssembly: {
        Module: new (b: Uint8Array) => object;
        Instance: new (m: object) => { exports: Record<string, unknown> };
      };
    }
  ).WebAssembly;
  const instance = new wa.Instance(new wa.Module(blake3ModuleBytes(pages)));
  const buffer = (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
  return {
    bytes: new Uint8Array(buffer),
    words: new Int32Array(buffer),
    runJobs: instance.exports.jobs as (at: number, count: number) => void,
  };
}
