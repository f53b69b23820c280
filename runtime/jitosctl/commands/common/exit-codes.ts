/**
 * Exit codes of jitosctl's server commands (docs/jitosctl.md, ADR 0111). Scripts branch on them, so they never
 * change meaning.
 */
export const EXIT_OK = 0;
/** jitosd answered with an error (extensions.code: INVALID_INPUT, NOT_FOUND, CONFLICT, FORBIDDEN, ...), or a collapse conflicted. */
export const EXIT_SERVER_ERROR = 1;
/** The command line is wrong: unknown flag, bad --view, --op that is not JSON; nothing was sent. */
export const EXIT_USAGE = 2;
/** No usable answer: jitosd is not reachable at --url, timed out, or answered with something that is not GraphQL. */
export const EXIT_UNREACHABLE = 3;

/** jitosctl itself failed (a bug): the stack is printed on stderr (sysexits EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export type ServerCommandExitCode =
  typeof EXIT_OK | typeof EXIT_SERVER_ERROR | typeof EXIT_USAGE | typeof EXIT_UNREACHABLE;
