// The bearer token jitosctl sends to a jitosd started with --auth (ADR 0112): from --token-file <path>, else from
// $JITOSCTL_TOKEN. There is deliberately no --token <secret> flag: a command line is visible to every user of the
// machine (`ps`, /proc/<pid>/cmdline) and lands in shell history. The token itself never appears in a message.
import { closeSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./usage-error.js";

/** Environment variable holding the token; --token-file overrides it. */
export const TOKEN_ENVIRONMENT_VARIABLE = "JITOSCTL_TOKEN";
/**
 * A token file larger than this is not a token file (the principals file named by mistake, a log): refuse it
 * rather than send it. jitosd's tokens are short secrets (at least 16 characters, runtime/policy/limits.ts).
 */
export const TOKEN_FILE_BYTES_MAX = 4096;
/** What jitosd accepts in `Authorization: Bearer <token>`: printable ASCII without spaces (runtime/policy). */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

export interface BearerToken {
  readonly token: string;
  /** Where it came from, for messages: `--token-file /abs/path` or `$JITOSCTL_TOKEN`. */
  readonly source: string;
}

/** How to supply a token, for hints. */
export const TOKEN_HOW_TO = `${TOKEN_ENVIRONMENT_VARIABLE}=<token> jitosctl <command> ..., or --token-file <file holding the token>`;

/**
 * The token to send, or null when none is configured (an empty $JITOSCTL_TOKEN counts as none, like an empty
 * $JITOSD_URL). A token file that is missing, unreadable, empty, too large or not one token is a usage error naming
 * the file, found before anything is sent.
 */
export function resolveToken(
  tokenFile: string | undefined,
  environment: NodeJS.ProcessEnv,
  cwd: string,
): BearerToken | null {
  if (tokenFile !== undefined) {
    const path = resolve(cwd, tokenFile);
    const source = `--token-file ${path}`;
    return { token: checkedToken(readTokenFile(path, source), source), source };
  }
  const fromEnvironment = environment[TOKEN_ENVIRONMENT_VARIABLE];
  if (fromEnvironment === undefined || fromEnvironment === "") return null;
  const source = `$${TOKEN_ENVIRONMENT_VARIABLE}`;
  return { token: checkedToken(fromEnvironment, source), source };
}

/** The `authorization` value jitosd reads from the HTTP header and the graphql-ws connection_init payload (ADR 0103). */
export function authorizationValue(token: BearerToken): string {
  return `Bearer ${token.token}`;
}

/**
 * Reads at most TOKEN_FILE_BYTES_MAX + 1 bytes by hand rather than stat + readFile, so a pipe works too
 * (`--token-file <(pass show jitosd)`: a FIFO reports size 0).
 */
function readTokenFile(path: string, source: string): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new UsageError(
      `${source}: ${describeFileError(error)}; write the token into that file, or use ${TOKEN_ENVIRONMENT_VARIABLE}.`,
    );
  }
  const buffer = Buffer.alloc(TOKEN_FILE_BYTES_MAX + 1);
  let length = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > TOKEN_FILE_BYTES_MAX) {
        throw new UsageError(
          `${source}: the file is larger than ${TOKEN_FILE_BYTES_MAX} bytes, so it is not a token file; it must hold only the token (not jitosd's principals file).`,
        );
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${source}: ${describeFileError(error)}.`);
  } finally {
    closeSync(fd);
  }
  return buffer.subarray(0, length).toString("utf8");
}

/**
 * Trailing line ends are dropped (`echo token > file`); anything else a header cannot carry is refused here, never
 * sent: fetch would reject it with a message quoting the whole header, token included.
 */
function checkedToken(raw: string, source: string): string {
  const token = raw.replace(/[\r\n]+$/, "");
  if (token === "") {
    throw new UsageError(`${source} is empty; it must hold the bearer token from jitosd's principals file.`);
  }
  if (/[\r\n]/.test(token)) {
    throw new UsageError(
      `${source} holds more than one line; it must hold only the bearer token (not jitosd's principals file).`,
    );
  }
  if (!TOKEN_PATTERN.test(token)) {
    const position = [...token].findIndex((char) => !TOKEN_PATTERN.test(char)) + 1;
    throw new UsageError(
      `${source} is not a bearer token: character ${position} is a space, control or non-ASCII character; a token is printable ASCII without spaces.`,
    );
  }
  return token;
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "the file does not exist";
    case "EACCES":
    case "EPERM":
      return "the file cannot be read (permission denied)";
    case "EISDIR":
      return "this is a directory, not a file holding the token";
    default:
      return `the file cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}
