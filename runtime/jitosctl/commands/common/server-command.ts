import { Command } from "commander";
import { GraphQLClientError } from "../../client/index.js";
import type { Client } from "../../client/index.js";
import type { CommandContext } from "../index.js";
import { addServerOptions, connect, URL_ENVIRONMENT_VARIABLE } from "./connection.js";
import type { ServerOptions } from "./connection.js";
import { EXIT_INTERNAL, EXIT_SERVER_ERROR, EXIT_UNREACHABLE, EXIT_USAGE } from "./exit-codes.js";
import type { ServerCommandExitCode } from "./exit-codes.js";
import { Output } from "./output.js";
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
The URL is --url, else $${URL_ENVIRONMENT_VARIABLE}, else http://127.0.0.1:8080/graphql.`;

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

/** Adds --url, --json and --timeout, after the command's own options. */
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
  let client: Client | undefined;
  try {
    const connection = connect(options, process.env);
    client = connection.client;
    context.setExitCode(await body({ client, output, url: connection.url }));
  } catch (error) {
    context.setExitCode(reportFailure(error, output));
  } finally {
    client?.close();
  }
}

function reportFailure(error: unknown, output: Output): ServerCommandExitCode {
  if (error instanceof UsageError) {
    output.error("USAGE", error.message, EXIT_USAGE, "run with --help for usage");
    return EXIT_USAGE;
  }
  if (error instanceof GraphQLClientError) {
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
