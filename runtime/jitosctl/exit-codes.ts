/** Process exit codes of `jitosctl` (docs/jitosctl.md). Scripts branch on these, so they never change. */
export const exit_ok = 0;
/** The data does not check out: replay diverged from the log, or a checkpoint does not match the replayed state. */
export const exit_diverged = 1;
/** The invocation is wrong: unknown command or flag, missing argument. */
export const exit_usage = 2;
/** The data directory cannot be read as asked: missing, corrupt, another schema or registry hash, newer format. */
export const exit_refused = 3;
/** Another process owns the data directory (its lock is held). */
export const exit_locked = 4;
/** A bug or an unexpected environment failure (the message says what). */
export const exit_internal = 5;

export type ExitCode =
  | typeof exit_ok
  | typeof exit_diverged
  | typeof exit_usage
  | typeof exit_refused
  | typeof exit_locked
  | typeof exit_internal;
