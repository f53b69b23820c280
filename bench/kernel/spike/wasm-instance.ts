// A fresh instance of the repo's single-chunk BLAKE3 WebAssembly module (runtime/hash/blake3-chunk.ts) with as
// many memory pages as the prototype's node slab needs. The repo module builds its bytes in a private function
// with a fixed 16 pages, so this writes a copy of that source whose only change is that `hashModule` is exported
// and takes the page count; the compression and jobs code is byte-for-byte the repo's (checked by the digests).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source_path = join(here, "..", "..", "..", "runtime", "hash", "blake3-chunk.ts");
// Outside the checkout (a generated file must not be typechecked or committed); .mts: always loaded as ESM.
const copy_dir = mkdtempSync(join(tmpdir(), "dotrie-spike-"));
const copy_path = join(copy_dir, "blake3-chunk-copy.mts");

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`wasm-instance: "${from}" not found exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

let source = readFileSync(source_path, "utf8");
source = replaceOnce(
  source,
  "function hashModule(): Uint8Array {",
  "export function hashModule(pages = memory_pages): Uint8Array {",
);
source = replaceOnce(source, "unsignedLeb(memory_pages)", "unsignedLeb(pages)");
writeFileSync(copy_path, source);

const { hashModule } = (await import(pathToFileURL(copy_path).href)) as { hashModule: (pages: number) => Uint8Array };
rmSync(copy_dir, { recursive: true, force: true }); // loaded: the copy is no longer needed

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
  const instance = new wa.Instance(new wa.Module(hashModule(pages)));
  const buffer = (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
  return {
    bytes: new Uint8Array(buffer),
    words: new Int32Array(buffer),
    runJobs: instance.exports.jobs as (at: number, count: number) => void,
  };
}
