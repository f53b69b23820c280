// The jitosctl program: commander set up so that it never exits the process itself, every command in
// commands/index.ts registered, and usage errors mapped to exit code 2 (main.ts binds it to the real process).
import { Command, CommanderError } from "commander";
import { command_registrations } from "./commands/index.js";
import { exit_ok, exit_usage } from "./exit-codes.js";
import type { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

export const jitosctl_version = "0.1.0";

export async function runJitosctl(args: readonly string[], io: Io, cwd: string = process.cwd()): Promise<ExitCode> {
  let exitCode: ExitCode = exit_ok;
  const program = new Command("jitosctl")
    .description(
      "Operator CLI of the JITOS kernel: drive a running jitosd (graph, rewrites, sws, apply, info; --url or $JITOSD_URL; a jitosd --auth token from $JITOSCTL_TOKEN or --token-file) and verify data directories offline (replay). Details: docs/jitosctl.md",
    )
    .version(jitosctl_version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help (also: jitosctl <command> --help)")
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  const context = { io, cwd, setExitCode: (code: ExitCode) => (exitCode = code) };
  for (const register of command_registrations) register(program, context);
  if (args.includes("--json")) jsonUsageErrors(program, io);
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exit_ok : exit_usage;
    throw error;
  }
}

/**
 * With --json every error is one JSON line on stderr (docs/jitosctl.md), including the usage errors commander finds
 * itself (unknown flag, missing argument), so a script reading stderr as JSON never meets free text.
 */
function jsonUsageErrors(command: Command, io: Io): void {
  command.showHelpAfterError(false).configureOutput({
    outputError: (text) => {
      const message = text.trim().replace(/^error: /, "");
      const error = { code: "USAGE", message, exitCode: exit_usage, hint: "run with --help for usage" };
      io.stderr.write(`${JSON.stringify({ ok: false, error })}\n`);
    },
  });
  for (const sub of command.commands) jsonUsageErrors(sub, io);
}
