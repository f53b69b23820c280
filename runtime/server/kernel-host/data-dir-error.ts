// What the daemon says when the operating system refuses the data directory. Kernel.open reports errno errors as
// node words them ("EEXIST: file already exists, mkdir '/srv/jitos'"), which names a syscall but not the problem
// a user has to fix; these say which directory, what is wrong with it and what to do.
export function dataDirError(dataDir: string, error: unknown): unknown {
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
