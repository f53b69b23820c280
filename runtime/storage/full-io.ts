import type { FileHandle } from "./file-system.js";

/**
 * Writes all of `bytes` at `position`, looping over short writes. Each pass writes at least one byte or throws, so
 * the loop runs at most `bytes.length` times.
 */
export async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const count = await handle.write(bytes, written, bytes.length - written, position + written);
    if (count <= 0) {
      throw new Error(`write made no progress at byte ${position + written} (${bytes.length - written} bytes left)`);
    }
    written += count;
  }
}

/** Reads exactly `length` bytes at `position`, or fewer only when the file ends first; returns the count read. */
export async function readFully(
  handle: FileHandle,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  let total = 0;
  while (total < length) {
    const count = await handle.read(buffer, offset + total, length - total, position + total);
    if (count === 0) break;
    total += count;
  }
  return total;
}
