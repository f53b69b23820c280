import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
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
  | { readonly kind: "empty" }
  /** Has a Wesley manifest. `files` lists everything in the folder (manifest included), sorted. */
  | { readonly kind: "generated"; readonly manifest: Manifest; readonly files: readonly string[] }
  /** Non-empty and without a (readable) Wesley manifest: not ours. */
  | { readonly kind: "foreign"; readonly files: readonly string[] };

export async function readOutDirState(outDir: string): Promise<OutDirState> {
  const info = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (info === undefined) return { kind: "absent" };
  if (!info.isDirectory()) return { kind: "not-a-directory" };
  const files = await listFilesRecursively(outDir);
  if (files.length === 0) return { kind: "empty" };
  const manifestText = files.includes(MANIFEST_FILE) ? await readFile(join(outDir, MANIFEST_FILE), "utf8") : undefined;
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText);
  return manifest === undefined ? { kind: "foreign", files } : { kind: "generated", manifest, files };
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
