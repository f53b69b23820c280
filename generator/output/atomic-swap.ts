import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InterruptedError, withInterruptsHeld } from "./interrupt-guard.js";
import type { InterruptGuard } from "./interrupt-guard.js";
import type { OutputFile } from "./output-file.js";

/**
 * Writes a complete output folder so that readers see either the old folder or the new one, never a mix, and an
 * error at any point leaves the old folder untouched. See docs/adr/0051-atomic-output-folder.md.
 *
 * 1. Write every file into a fresh sibling `.<out>.wesley-tmp-<pid>` (same filesystem, so rename is cheap) and
 *    fsync each file and folder.
 * 2. Rename `<out>` to `.<out>.wesley-old-<pid>`, rename the temp folder to `<out>`, fsync the parent.
 * 3. Delete the old folder.
 *
 * POSIX has no portable "exchange two folders" call, so between the two renames of step 2 `<out>` briefly does not
 * exist. If the process dies there, `recoverInterruptedSwap` (run before every build) renames the old folder back.
 */
export async function writeOutDirAtomically(outDir: string, files: readonly OutputFile[]): Promise<void> {
  await withInterruptsHeld((guard) => writeAndSwap(outDir, files, guard));
}

/** Ctrl-C while files are written removes the temp folder and leaves `<out>` as it was; once swapping, it finishes. */
async function writeAndSwap(outDir: string, files: readonly OutputFile[], guard: InterruptGuard): Promise<void> {
  const parent = dirname(outDir);
  const temp = join(parent, siblingName(outDir, TEMP_MARKER, process.pid));
  await rm(temp, { recursive: true, force: true });
  try {
    await mkdir(temp, { recursive: true });
    await writeTree(temp, files, guard);
    if (guard.interrupted()) throw new InterruptedError("interrupted before the output folder was replaced");
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const old = join(parent, siblingName(outDir, OLD_MARKER, process.pid));
  const hadOutDir = await rename(outDir, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  try {
    await rename(temp, outDir);
  } catch (error) {
    if (hadOutDir) await rename(old, outDir);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await fsyncDirectory(parent);
  if (hadOutDir) await rm(old, { recursive: true, force: true });
}

/**
 * Finishes or undoes a swap that a killed process left behind, for the swap of `outDir` only. Leftovers of a
 * process that is still running (a concurrent build) are left alone.
 */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const parent = dirname(outDir);
  const names = await readdir(parent).catch((error: NodeJS.ErrnoException) => {
    // No parent folder (or a file in its place): nothing was ever swapped there.
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [] as string[];
    throw error;
  });
  for (const name of [...names].sort()) {
    const leftover = parseSiblingName(outDir, name);
    if (leftover === undefined || isProcessAlive(leftover.pid)) continue;
    const path = join(parent, name);
    if (leftover.marker === OLD_MARKER && !(await exists(outDir))) {
      // Died between the two renames: the old folder is the last complete output.
      await rename(path, outDir);
    } else {
      // A temp folder may be incomplete; an old folder next to a present out dir was already replaced.
      await rm(path, { recursive: true, force: true });
    }
  }
}

const TEMP_MARKER = "wesley-tmp";
const OLD_MARKER = "wesley-old";

function siblingName(outDir: string, marker: string, pid: number): string {
  return `.${basename(outDir)}.${marker}-${pid}`;
}

function parseSiblingName(outDir: string, name: string): { marker: string; pid: number } | undefined {
  const prefix = `.${basename(outDir)}.`;
  if (!name.startsWith(prefix)) return undefined;
  const match = /^(wesley-tmp|wesley-old)-(\d+)$/.exec(name.slice(prefix.length));
  if (match === null) return undefined;
  return { marker: match[1] as string, pid: Number(match[2]) };
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own leftovers are from an earlier, failed attempt
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeTree(root: string, files: readonly OutputFile[], guard: InterruptGuard): Promise<void> {
  const folders = new Set<string>([root]);
  for (const file of files) {
    if (guard.interrupted()) throw new InterruptedError("interrupted while writing the output folder");
    const target = join(root, ...file.path.split("/"));
    const folder = dirname(target);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      for (let created = folder; !folders.has(created); created = dirname(created)) folders.add(created);
    }
    const handle = await open(target, "wx");
    try {
      await handle.writeFile(file.bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  // Deepest first, so each folder's entries are durable before its parent's.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) await fsyncDirectory(folder);
}

/** Makes a folder's entries (new names, renames) durable. Some platforms cannot open folders; there it is a no-op. */
async function fsyncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (isUnsupportedDirectorySync(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirectorySync(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isUnsupportedDirectorySync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EISDIR" || code === "EPERM" || code === "EINVAL" || code === "EBADF";
}
