import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileSystem } from "../storage/index.js";
import { hasErrorCode, writeFully } from "../storage/index.js";
import { WalError } from "./errors.js";
import { wal_lock_attempts_max } from "./limits.js";

export const lock_file_name = "LOCK";

/**
 * One owner per data directory. Node has no flock(), so the lock is a file created with O_EXCL holding the owner's
 * pid and the kernel's start time for that pid (so a pid reused after a reboot or wrap-around does not look alive).
 * A lock whose owner is dead is stale: it is removed with a warning and taken. Decision and limits:
 * docs/adr/0062-wal-directory-lock.md.
 */
export class DirectoryLock {
  private constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly contents: string,
  ) {}

  static async acquire(fs: FileSystem, dir: string, warn: (message: string) => void): Promise<DirectoryLock> {
    const path = join(dir, lock_file_name);
    const contents = describeOwner(process.pid);
    for (let attempt = 1; attempt <= wal_lock_attempts_max; attempt++) {
      try {
        const handle = await fs.open(path, "create-exclusive");
        try {
          await writeFully(handle, new TextEncoder().encode(contents), 0);
        } finally {
          await handle.close();
        }
        return new DirectoryLock(fs, path, contents);
      } catch (error) {
        if (!hasErrorCode(error, "EEXIST")) throw error;
      }
      const owner = await readOwner(fs, path);
      if (owner === undefined) continue; // the owner released it between our open and read: try again
      if (owner.pid === process.pid && owner.startTicks === ownStartTicks()) {
        throw new WalError(
          "WAL_LOCKED",
          `data directory ${dir} is already open in this process (pid ${owner.pid}); close the other Wal first`,
          path,
        );
      }
      if (isAlive(owner)) {
        throw new WalError(
          "WAL_LOCKED",
          `data directory ${dir} is locked by process ${owner.pid}, which is still running; stop it or use another ` +
            `directory (if you are sure no process owns it, delete ${path})`,
          path,
        );
      }
      warn(`removing stale lock ${path}: its owner, process ${owner.pid}, is no longer running`);
      try {
        await fs.unlink(path);
      } catch (error) {
        if (!hasErrorCode(error, "ENOENT")) throw error;
      }
    }
    throw new WalError(
      "WAL_LOCKED",
      `could not lock data directory ${dir} after ${wal_lock_attempts_max} attempts: other processes keep taking it`,
      path,
    );
  }

  /** Removes the lock file if it is still ours. */
  async release(): Promise<void> {
    const current = await this.fs.readFile(this.path).catch(() => undefined);
    if (current !== undefined && new TextDecoder().decode(current) === this.contents) await this.fs.unlink(this.path);
  }
}

interface Owner {
  readonly pid: number;
  /** Start time of the process in clock ticks since boot (Linux /proc), or -1 where unknown. */
  readonly startTicks: number;
}

function describeOwner(pid: number): string {
  return `pid ${pid}\nstarted ${ownStartTicks()}\n`;
}

async function readOwner(fs: FileSystem, path: string): Promise<Owner | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await fs.readFile(path));
  } catch (error) {
    if (hasErrorCode(error, "ENOENT")) return undefined;
    throw error;
  }
  const match = /^pid (\d+)\nstarted (-?\d+)\n$/.exec(text);
  // A lock we cannot parse was probably cut short by a crash right after its creation: its owner is gone.
  if (match === null) return { pid: 0, startTicks: -1 };
  return { pid: Number(match[1]), startTicks: Number(match[2]) };
}

function isAlive(owner: Owner): boolean {
  if (owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if (!hasErrorCode(error, "EPERM")) return false;
  }
  const startTicks = startTicksOf(owner.pid);
  return owner.startTicks === -1 || startTicks === -1 || startTicks === owner.startTicks;
}

let cachedOwnStartTicks: number | undefined;
function ownStartTicks(): number {
  cachedOwnStartTicks ??= startTicksOf(process.pid);
  return cachedOwnStartTicks;
}

/** Field 22 of /proc/<pid>/stat (process start time since boot), or -1 off Linux or on any read problem. */
function startTicksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces; fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : -1;
  } catch {
    return -1;
  }
}
