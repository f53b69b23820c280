/**
 * Exit codes of jitosctl's server commands (docs/jitosctl.md, ADR 0111); the numbers are those of
 * runtime/jitosctl/exit-codes.ts, with the meaning they have for a command that talks to jitosd. Scripts branch on
 * them, so they never change meaning.
 */
import { exit_internal, exit_ok, exit_usage } from "../../exit-codes.js";

export const EXIT_OK = exit_ok;
/** jitosd answered with an error (extensions.code: INVALID_INPUT, NOT_FOUND, CONFLICT, ...), or a collapse conflicted. */
export const EXIT_SERVER_ERROR = 1;
/** The command line is wrong: unknown flag, bad --view, --op that is not JSON; nothing was sent. */
export const EXIT_USAGE = exit_usage;
/** No usable answer: jitosd is not reachable at --url, timed out, or answered with something that is not GraphQL. */
export const EXIT_UNREACHABLE = 3;
/** jitosctl itself failed (a bug): the message and stack are printed on stderr. */
export const EXIT_INTERNAL = exit_internal;

export type ServerCommandExitCode =
  typeof EXIT_OK | typeof EXIT_SERVER_ERROR | typeof EXIT_USAGE | typeof EXIT_UNREACHABLE | typeof EXIT_INTERNAL;
