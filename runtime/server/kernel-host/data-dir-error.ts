// What the daemon says when it cannot use the data directory. Kernel.open reports errno errors as node words them
// ("EEXIST: file already exists, mkdir '/srv/jitos'"), which names a syscall but not the problem a user has to fix,
// and a log of another schema with advice for library callers; these say what is wrong and what a daemon user can do.
import { WalError } from "../../wal/index.js";

export function dataDirError(dataDir: string, error: unknown): unknown {
  if (error instanceof WalError && (error.code === "WAL_SCHEMA_MISMATCH" || error.code === "WAL_REGISTRY_MISMATCH")) {
    // The WAL's own advice ("open it with the generated code it was written for") is for Kernel.open callers; the
    // daemon serves only the domain in its generated/.
    const found = error.message.replace(
      / Open it with the generated code it was written for, or use a fresh data directory\.$/,
      "",
    );
    return new Error(
      `${found} jitosd serves the domain in its own generated/ (${error.code === "WAL_SCHEMA_MISMATCH" ? "schema" : "registry"} ` +
        'hash above, "this build"): give --data-dir a directory written by this build, or serve this one with a jitosd ' +
        "built from the schema it was written with.",
      { cause: error },
    );
  }
  const errno = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof errno.code !== "string") return error;
  const cause = `(${error.message})`;
  switch (errno.code) {
    case "EEXIST": // mkdir of a path that is a file (other EEXISTs, e.g. the lock's O_EXCL, keep their message)
      if (errno.syscall !== "mkdir") return error;
      return new Error(
        `data directory ${dataDir} is not a directory: a file is in the way ${cause}; give --data-dir a directory path`,
      );
    case "ENOTDIR":
      return new Error(
        `data directory ${dataDir} is not a directory: a file is in the way ${cause}; give --data-dir a directory path`,
      );
    case "EACCES":
    case "EPERM":
      return new Error(
        `data directory ${dataDir} cannot be created or written by this user ${cause}; choose a directory it can write, or fix its permissions`,
      );
    case "EROFS":
      return new Error(`data directory ${dataDir} is on a read-only file system ${cause}; choose a writable directory`);
    case "ENOSPC":
      return new Error(`no space left for data directory ${dataDir} ${cause}; free space or choose another disk`);
    default:
      return error;
  }
}
