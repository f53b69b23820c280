import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MANIFEST_FILE, parseManifest } from "./manifest.js";
import type { Manifest } from "./manifest.js";
import { comparePaths } from "./output-file.js";

/** Generous bounds on the folder we inspect, so pointing --out at a huge tree fails fast instead of crawling it. */
export const OUT_DIR_FILES_MAX = 50_000;
export const OUT_DIR_DEPTH_MAX = 32;

/** What is currently at the output path, as far as ownership and comparison care. Paths are `/`-separated. */
export type OutDirState =
  | { readonly kind: "absent" }
  | { readonly kind: "not-a-directory" }
  /** A folder on the way to the output path is a file (`--out notes.txt/gen`); `depth` path segments lie below it. */
  | { readonly kind: "under-a-file"; readonly depth: number }
  | { readonly kind: "empty" }
  /** Has a Wesley manifest. `files` lists everything in the folder (manifest included), sorted. */
  | { readonly kind: "generated"; readonly manifest: Manifest; readonly files: readonly string[] }
  /** Non-empty and without a (readable) Wesley manifest: not ours. */
  | { readonly kind: "foreign"; readonly files: readonly string[] };

export async function readOutDirState(outDir: string): Promise<OutDirState> {
  const info = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
    throw error;
  });
  if (info === undefined) {
    const depth = await depthBelowFile(outDir);
    return depth === undefined ? { kind: "absent" } : { kind: "under-a-file", depth };
  }
  if (!info.isDirectory()) return { kind: "not-a-directory" };
  const files = await listFilesRecursively(outDir);
  if (files.length === 0) return { kind: "empty" };
  const manifestText = files.includes(MANIFEST_FILE) ? await readFile(join(outDir, MANIFEST_FILE), "utf8") : undefined;
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText);
  return manifest === undefined ? { kind: "foreign", files } : { kind: "generated", manifest, files };
}

/** How many segments of `path` lie below the nearest existing ancestor when that ancestor is not a folder. */
async function depthBelowFile(path: string): Promise<number | undefined> {
  let depth = 1;
  for (let ancestor = dirname(path); ancestor !== dirname(ancestor); ancestor = dirname(ancestor), depth += 1) {
    const info = await stat(ancestor).catch(() => undefined);
    if (info !== undefined) return info.isDirectory() ? undefined : depth;
  }
  return undefined;
}

/** Every regular file (and symlink) under `root`, as sorted `/`-separated relative paths. */
export async function listFilesRecursively(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, prefix: string, depth: number): Promise<void> {
    if (depth > OUT_DIR_DEPTH_MAX) {
      throw new Error(
        `${root}: folders nested deeper than ${OUT_DIR_DEPTH_MAX} levels; is --out pointing at the right folder?`,
      );
    }
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(join(dir, entry.name), relative, depth + 1);
      } else {
        found.push(relative);
        if (found.length > OUT_DIR_FILES_MAX) {
          throw new Error(`${root}: more than ${OUT_DIR_FILES_MAX} files; is --out pointing at the right folder?`);
        }
      }
    }
  }
  await walk(root, "", 0);
  return found.sort(comparePaths);
}
