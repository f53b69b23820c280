import type { FileHandle, FileSystem, OpenMode } from "./file-system.js";

/**
 * A FileSystem wrapper that injects the faults real disks produce, for tests and the crash child:
 * short writes, failing writes (EIO), a full disk (ENOSPC after a byte budget), and failing fsync.
 * Faults apply only to files whose path ends with `targetSuffix` (default: every file).
 *
 * Arm faults by setting the public fields; they take effect on the next call. Counters let tests assert that
 * the code under test really reached the fault.
 */
export class FaultyFileSystem implements FileSystem {
  /** Every write writes at most this many bytes and reports the short count (legal POSIX behaviour). */
  shortWriteBytesMax: number | undefined;
  /** Bytes that may still be written before writes fail with ENOSPC (a write crossing the limit is cut short). */
  diskFreeBytes: number | undefined;
  /** The next `failingWrites` writes throw EIO without writing anything. */
  failingWrites = 0;
  /** The next `failingSyncs` syncs throw EIO: datasync calls, and writes on a handle opened with O_DSYNC. */
  failingSyncs = 0;
  /** The next `failingTruncates` truncate calls throw EIO (so a failed append's bytes stay behind). */
  failingTruncates = 0;

  writeCalls = 0;
  syncCalls = 0;
  injectedFaults = 0;

  constructor(
    private readonly inner: FileSystem,
    readonly targetSuffix = "",
  ) {}

  async open(path: string, mode: OpenMode): Promise<FileHandle> {
    const handle = await this.inner.open(path, mode);
    return path.endsWith(this.targetSuffix)
      ? new FaultyFileHandle(handle, this, path, mode === "read-write-dsync")
      : handle;
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }
  rename(fromPath: string, toPath: string): Promise<void> {
    return this.inner.rename(fromPath, toPath);
  }
  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }
  readdir(dir: string): Promise<string[]> {
    return this.inner.readdir(dir);
  }
  mkdirp(dir: string): Promise<void> {
    return this.inner.mkdirp(dir);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
  syncDirectory(dir: string): Promise<void> {
    return this.inner.syncDirectory(dir);
  }
}

/** An errno-style error like the ones node:fs throws, so code under test cannot tell it from a real one. */
export function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: injected fault, ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

class FaultyFileHandle implements FileHandle {
  constructor(
    private readonly inner: FileHandle,
    private readonly faults: FaultyFileSystem,
    private readonly path: string,
    /** Opened with O_DSYNC: each write carries its own sync, so an injected sync failure surfaces from write. */
    private readonly dsync: boolean,
  ) {}

  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.inner.read(buffer, offset, length, position);
  }

  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number {
    return this.inner.readSync(buffer, offset, length, position);
  }

  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const faults = this.faults;
    faults.writeCalls++;
    if (faults.failingWrites > 0) {
      faults.failingWrites--;
      faults.injectedFaults++;
      throw errnoError("EIO", "write", this.path);
    }
    let allowed = length;
    if (faults.shortWriteBytesMax !== undefined && allowed > faults.shortWriteBytesMax) {
      allowed = faults.shortWriteBytesMax;
      faults.injectedFaults++;
    }
    if (faults.diskFreeBytes !== undefined) {
      if (faults.diskFreeBytes === 0 && length > 0) {
        faults.injectedFaults++;
        throw errnoError("ENOSPC", "write", this.path);
      }
      allowed = Math.min(allowed, faults.diskFreeBytes);
    }
    const written = await this.inner.write(buffer, offset, allowed, position);
    if (faults.diskFreeBytes !== undefined) faults.diskFreeBytes -= written;
    if (this.dsync) {
      faults.syncCalls++;
      if (faults.failingSyncs > 0) {
        // Like a real O_DSYNC write whose flush failed: the bytes reached the page cache, durability did not.
        faults.failingSyncs--;
        faults.injectedFaults++;
        throw errnoError("EIO", "write", this.path);
      }
    }
    return written;
  }

  async datasync(): Promise<void> {
    const faults = this.faults;
    faults.syncCalls++;
    if (faults.failingSyncs > 0) {
      faults.failingSyncs--;
      faults.injectedFaults++;
      throw errnoError("EIO", "fsync", this.path);
    }
    return this.inner.datasync();
  }

  truncate(lengthBytes: number): Promise<void> {
    if (this.faults.failingTruncates > 0) {
      this.faults.failingTruncates--;
      this.faults.injectedFaults++;
      return Promise.reject(errnoError("EIO", "ftruncate", this.path));
    }
    return this.inner.truncate(lengthBytes);
  }
  sizeBytes(): Promise<number> {
    return this.inner.sizeBytes();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
