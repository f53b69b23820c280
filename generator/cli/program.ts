import { Command, CommanderError, Option } from "commander";
import { GENERATOR_NAME, GENERATOR_VERSION } from "../version.js";
import { CONVENTIONAL_OUT, CONVENTIONAL_REGISTRY, CONVENTIONAL_SCHEMA } from "../config/index.js";
import type { GeneratorPorts } from "../output/generator-ports.js";
import { TARGET_NAMES } from "../output/targets.js";
import { runBuildCommand } from "./build-command.js";
import type { BuildCommandOptions } from "./build-command.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import type { ExitCode } from "./exit-codes.js";
import { runIrCommand } from "./ir-command.js";
import type { IrCommandOptions } from "./ir-command.js";
import type { Terminal } from "./terminal.js";
import { UsageError } from "./usage-error.js";

/**
 * Runs `wesley <args>` and returns the exit code instead of exiting, so tests can call it in-process. Commander is
 * told never to exit itself; its usage errors become exit code 2 like ours.
 */
export async function runWesley(args: readonly string[], terminal: Terminal, ports: GeneratorPorts): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_OK;
  const program = buildProgram(terminal, ports, (code) => {
    exitCode = code;
  });
  await addDiffCommand(program, args, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      terminal.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function buildProgram(terminal: Terminal, ports: GeneratorPorts, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command(GENERATOR_NAME)
    .description("Schema-first code generator: GraphQL SDL + kinds.yaml -> typed TypeScript for the JITOS kernel.")
    .version(GENERATOR_VERSION, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help (also: wesley <command> --help)")
    .addOption(
      new Option("--config <file>", "config file (default: wesley.config.json, .js or .mjs in the working directory)"),
    )
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
    })
    .exitOverride();

  program
    .command("build")
    .description("generate code from the schema and registry, writing the output folder atomically")
    .addOption(new Option("-t, --target <name>", "what to generate").choices(TARGET_NAMES))
    .option("-s, --schema <paths...>", `schema files, globs or folders (default: ${CONVENTIONAL_SCHEMA.join(" ")}/)`)
    .option("-r, --registry <file>", `kind registry (default: ${CONVENTIONAL_REGISTRY} with the default schema)`)
    .option("-o, --out <dir>", `output folder (default: ${CONVENTIONAL_OUT}/)`)
    .option("-d, --documents <paths...>", "operation documents: files, globs or folders (target client; docs/client.md)")
    .option("--check", "write nothing; exit 1 naming each file that differs from what would be written")
    .option("--watch", "rebuild whenever the schema, registry or config changes; Ctrl-C stops")
    .option("--no-cache", "always render, even when the build stamp shows the output is up to date")
    .option("--config <file>", CONFIG_HELP)
    // optsWithGlobals: commander hands `--config` to the program-level option wherever it is written, so the
    // subcommand's own options would silently lack it (`wesley build --config x` building with the default config).
    .action(async (_options: BuildCommandOptions, command: Command) => {
      setExitCode(await runBuildCommand(command.optsWithGlobals<BuildCommandOptions>(), terminal, ports));
    });

  program
    .command("ir")
    .description("print the schema's intermediate representation (wesley-ir/v1)")
    .option("--json", "print as JSON (the default and, for now, only format)")
    .option("-s, --schema <paths...>", `schema files, globs or folders (default: ${CONVENTIONAL_SCHEMA.join(" ")}/)`)
    .option("-r, --registry <file>", `kind registry (default: ${CONVENTIONAL_REGISTRY} with the default schema)`)
    .option("--config <file>", CONFIG_HELP)
    .action(async (_options: IrCommandOptions, command: Command) => {
      setExitCode(await runIrCommand(command.optsWithGlobals<IrCommandOptions>(), terminal, ports));
    });

  program.addHelpText(
    "after",
    `
Exit codes: 0 success, 1 invalid input (schema/registry errors, stale output under --check), 2 usage error.
Examples:
  wesley build --target jitos                      build generated/ from schema/ and schema/kinds.yaml
  wesley build --target jitos --check              fail (exit 1) when generated/ is stale
  wesley build --target client --documents src/operations --out src/client
                                                   typed client for the operations in src/operations/
  wesley ir --json > ir.json                       print the IR
  wesley diff --base origin/main                   classify schema changes since main (docs/diff.md)`,
  );
  return program;
}

/**
 * `wesley diff` is built and owned by generator/diff and reports through process.exitCode. Its module takes ~0.2 s
 * to import, a large part of the 0.3 s budget of a no-op `wesley build`, so it is loaded only when the arguments
 * mention `diff`; otherwise a placeholder keeps it listed in `wesley --help` (it cannot run: its name is absent).
 */
async function addDiffCommand(
  program: Command,
  args: readonly string[],
  setExitCode: (code: ExitCode) => void,
): Promise<void> {
  if (!args.includes("diff")) {
    program
      .command("diff")
      .description("classify schema and registry changes for CI (see wesley diff --help, docs/diff.md)");
    return;
  }
  const { registerDiffCommand } = await import("../diff/cli.js");
  registerDiffCommand(program).hook("postAction", () => {
    setExitCode(Number(process.exitCode ?? EXIT_OK) as ExitCode);
  });
}

const CONFIG_HELP = "config file (default: wesley.config.json, .js or .mjs in the working directory)";
