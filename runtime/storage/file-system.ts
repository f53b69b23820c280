/**
 * The file-system seam: the few operations durable storage needs, as an interface, so tests can swap in a
 * fault-injecting implementation (short writes, failing fsync, full disk) without touching the code under test.
 *
 * Positions and lengths are byte counts. `write` may write fewer bytes than asked (a short write is legal POSIX
 * behaviour, not an error); callers loop until done. Errors are Node-style: an Error with an errno `code`.
 */

export interface FileHandle {
  /** Reads up to `length` bytes at `position` into `buffer[offset..]`; returns the count read (0 at end of file). */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /**
   * `read`, blocking the thread: for reads that a synchronous API must answer (history pages read back from the
   * log on demand). Only for small reads of data that is usually in the page cache.
   */
  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** Writes up to `length` bytes from `buffer[offset..]` at `position`; returns the count written (may be short). */
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** fdatasync: the file's data and the metadata needed to read it back (its size) reach stable storage. */
  datasync(): Promise<void>;
  truncate(lengthBytes: number): Promise<void>;
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `read`: existing file, read only. `read-write`: existing file. `read-write-dsync`: existing file, every write
 * returns only once durable (O_DSYNC: as if each write were followed by fdatasync, in one syscall).
 * `create-exclusive`: new file, fails with EEXIST.
 */
export type OpenMode = "read" | "read-write" | "read-write-dsync" | "create-exclusive";

export interface FileSystem {
  open(path: string, mode: OpenMode): Promise<FileHandle>;
  /** Whole-file read; only for small files (lock files, snapshots). */
  readFile(path: string): Promise<Uint8Array>;
  rename(fromPath: string, toPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Entry names (not paths) in `dir`, sorted by code unit so callers never depend on directory order. */
  readdir(dir: string): Promise<string[]>;
  mkdirp(dir: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** fsync on the directory itself, so a create, rename or unlink inside it survives a power loss. */
  syncDirectory(dir: string): Promise<void>;
}

/** True when `error` is a Node-style errno error with the given code (e.g. "ENOENT"). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
