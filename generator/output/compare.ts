import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OutputFile } from "./output-file.js";

/** How an output folder differs from what a build would write. Each list is sorted and `/`-separated. */
export interface OutputDifference {
  /** Would be written but is not there. */
  readonly missing: readonly string[];
  /** There, with different bytes. */
  readonly stale: readonly string[];
  /** There, but a build would not write it (so the swap would delete it). */
  readonly extra: readonly string[];
}

export function isUpToDate(difference: OutputDifference): boolean {
  return difference.missing.length === 0 && difference.stale.length === 0 && difference.extra.length === 0;
}

/** Compares byte for byte; `existingFiles` is the folder's current listing (see `listFilesRecursively`). */
export async function compareWithOutDir(
  outDir: string,
  desired: readonly OutputFile[],
  existingFiles: readonly string[],
): Promise<OutputDifference> {
  const existing = new Set(existingFiles);
  const desiredPaths = new Set(desired.map((file) => file.path));
  const missing: string[] = [];
  const stale: string[] = [];
  for (const file of desired) {
    if (!existing.has(file.path)) {
      missing.push(file.path);
      continue;
    }
    const current = await readFile(join(outDir, file.path));
    if (!Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).equals(current)) {
      stale.push(file.path);
    }
  }
  const extra = existingFiles.filter((path) => !desiredPaths.has(path));
  return { missing: missing.sort(), stale: stale.sort(), extra: [...extra].sort() };
}
