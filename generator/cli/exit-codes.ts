/** Process exit codes of `wesley` (docs/cli.md, ADR 0050). Scripts and CI branch on these, so they never change. */
export const EXIT_OK = 0;
/** The input is wrong: schema or registry errors, stale output under --check, an output folder we must not replace. */
export const EXIT_INVALID_INPUT = 1;
/** The invocation is wrong: unknown command, flag or target, bad config file. */
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_INVALID_INPUT | typeof EXIT_USAGE;
