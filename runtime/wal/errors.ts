/** Stable codes for every way opening or using a WAL can fail; callers branch on `code`, people read `message`. */
export type WalErrorCode =
  | "WAL_INVALID_ARGUMENT" // a caller passed something the WAL cannot store (bad hash string, oversized payload)
  | "WAL_LOCKED" // another owner (this or another process) holds the data directory
  | "WAL_SCHEMA_MISMATCH" // the log was written for another schema hash
  | "WAL_REGISTRY_MISMATCH" // the log was written for another registry hash
  | "WAL_UNSUPPORTED_VERSION" // the file uses a format version this build cannot read
  | "WAL_CORRUPT" // a bad header, a bad record followed by valid data, or a sequence gap
  | "WAL_POISONED" // a write or fsync failed earlier; the log refuses appends until reopened
  | "WAL_BACKPRESSURE" // too many appends waiting for durability
  | "WAL_CLOSED" // used after close()
  | "WAL_NOT_FOUND" // opened read-only where no log exists
  | "WAL_READ_ONLY"; // a write on a log opened read-only

export class WalError extends Error {
  override readonly name = "WalError";
  constructor(
    readonly code: WalErrorCode,
    message: string,
    /** The file concerned, when there is one. */
    readonly path?: string,
    /** The byte offset concerned, when there is one. */
    readonly offset?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
