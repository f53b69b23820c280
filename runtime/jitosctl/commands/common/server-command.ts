import { Command } from "commander";
import { GraphQLClientError } from "../../client/index.js";
import type { Client } from "../../client/index.js";
import type { CommandContext } from "../index.js";
import { addServerOptions, connect, URL_ENVIRONMENT_VARIABLE } from "./connection.js";
import type { Connection, ServerOptions } from "./connection.js";
import { EXIT_INTERNAL, EXIT_SERVER_ERROR, EXIT_UNREACHABLE, EXIT_USAGE } from "./exit-codes.js";
import type { ServerCommandExitCode } from "./exit-codes.js";
import { Output } from "./output.js";
import { TOKEN_ENVIRONMENT_VARIABLE, TOKEN_HOW_TO } from "./token.js";
import { UsageError } from "./usage-error.js";

/** What a command's action gets: the generated client for --url, where to print, and the URL (for messages). */
export interface Session {
  readonly client: Client;
  readonly output: Output;
  readonly url: string;
}

/** Client codes that mean "no usable answer from jitosd" rather than an answer that says no. */
const TRANSPORT_CODES: ReadonlySet<string> = new Set([
  "NETWORK_ERROR",
  "HTTP_ERROR",
  "BAD_RESPONSE",
  "CONNECTION_CLOSED",
  "SUBSCRIPTION_OVERFLOW",
]);

const EXIT_CODES_HELP = `
Exit codes: 0 ok; 1 jitosd answered with an error (its extensions.code is printed) or a collapse conflicted;
2 usage error (nothing was sent); 3 jitosd unreachable, timed out or not answering GraphQL; 5 a bug in jitosctl.
The URL is --url, else $${URL_ENVIRONMENT_VARIABLE}, else http://127.0.0.1:8080/graphql.
A jitosd started with --auth needs a bearer token: --token-file <file>, else $${TOKEN_ENVIRONMENT_VARIABLE}
(e.g. ${TOKEN_ENVIRONMENT_VARIABLE}=<token> jitosctl info); never on the command line, where ps shows it.`;

/**
 * A jitosctl command that talks to jitosd: help text with examples and the exit codes; give it to
 * `withServerOptions` once its own options are declared, so --help lists those first. Like every jitosctl command it
 * never exits the process: commander's usage errors are thrown to the program (exit 2), output goes through
 * `context.io`.
 */
export function serverCommand(
  context: CommandContext,
  name: string,
  description: string,
  examples: readonly string[],
): Command {
  const command = configure(new Command(name), context).description(description);
  command.addHelpText("after", `\nExamples:\n${examples.map((line) => `  ${line}`).join("\n")}\n${EXIT_CODES_HELP}`);
  return command;
}

/** Adds --url, --json, --timeout and --token-file, after the command's own options. */
export function withServerOptions(command: Command): Command {
  return addServerOptions(command);
}

/** A subcommand group such as `jitosctl sws`: no action of its own; its subcommands are server commands. */
export function commandGroup(context: CommandContext, name: string, description: string): Command {
  return configure(new Command(name), context).description(description);
}

/** What `program.command()` would inherit, for commands built apart and added with addCommand. */
function configure(command: Command, context: CommandContext): Command {
  return command
    .helpOption("-h, --help", "show help for this command")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    })
    .exitOverride();
}

/**
 * Runs a command's body with a connected client and reports its exit code: the body's, or the code of what went
 * wrong (usage 2, server error 1, unreachable 3), printed on stderr. The client is closed either way.
 */
export async function runServerCommand(
  context: CommandContext,
  options: ServerOptions,
  body: (session: Session) => Promise<ServerCommandExitCode>,
): Promise<void> {
  const output = new Output(context.io, options.json === true);
  let connection: Connection | undefined;
  try {
    connection = connect(options, process.env, context.cwd);
    const { client, url } = connection;
    context.setExitCode(await body({ client, output, url }));
  } catch (error) {
    context.setExitCode(reportFailure(error, output, connection));
  } finally {
    connection?.client.close();
  }
}

/** graphql-ws's close code for a connection whose connection_init onConnect refused: jitosd's unknown token. */
const WS_CLOSE_FORBIDDEN = 4403;
/** jitosd's HTTP status for a request without a known bearer token (a missing capability is a 200 with FORBIDDEN). */
const HTTP_UNAUTHORIZED = 401;

function reportFailure(error: unknown, output: Output, connection: Connection | undefined): ServerCommandExitCode {
  if (error instanceof UsageError) {
    output.error("USAGE", error.message, EXIT_USAGE, "run with --help for usage");
    return EXIT_USAGE;
  }
  if (error instanceof GraphQLClientError) {
    const refusedToken = unauthenticated(error, connection);
    if (refusedToken !== null) {
      output.error("FORBIDDEN", refusedToken.message, EXIT_SERVER_ERROR, refusedToken.hint);
      return EXIT_SERVER_ERROR;
    }
    if (TRANSPORT_CODES.has(error.code)) {
      output.error(
        error.code,
        error.message,
        EXIT_UNREACHABLE,
        `is jitosd running? Start it with \`jitosd --data-dir <dir>\`, or point --url (or $${URL_ENVIRONMENT_VARIABLE}) at it.`,
      );
      return EXIT_UNREACHABLE;
    }
    output.error(error.code, error.message, EXIT_SERVER_ERROR);
    return EXIT_SERVER_ERROR;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.error("INTERNAL_CLIENT_ERROR", `jitosctl failed unexpectedly: ${detail}`, EXIT_INTERNAL);
  return EXIT_INTERNAL;
}

/**
 * jitosd refused the request because it has no token or does not know this one (not a missing capability): say how
 * to supply one, naming where the refused token came from. Neither message nor hint contains the token.
 */
function unauthenticated(
  error: GraphQLClientError,
  connection: Connection | undefined,
): { message: string; hint: string } | null {
  const overHttp = error.code === "FORBIDDEN" && error.status === HTTP_UNAUTHORIZED;
  const overSocket = error.code === "CONNECTION_CLOSED" && connection?.socketCloseCode() === WS_CLOSE_FORBIDDEN;
  if (!overHttp && !overSocket) return null;
  const token = connection?.token ?? null;
  const message = overHttp
    ? error.message
    : "jitosd refused the subscription connection (WebSocket closed with 4403 Forbidden): " +
      (token === null ? "it runs with --auth and no bearer token was sent" : "it does not know the bearer token sent");
  const hint =
    token === null
      ? `jitosd runs with --auth: supply a token from its principals file: ${TOKEN_HOW_TO}.`
      : `jitosd does not accept the token from ${token.source}; check it against jitosd's principals file, or supply another: ${TOKEN_HOW_TO}.`;
  return { message, hint };
}
