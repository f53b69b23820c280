import type { GeneratorPorts } from "../output/generator-ports.js";
import { EXIT_INVALID_INPUT, EXIT_OK } from "./exit-codes.js";
import type { ExitCode } from "./exit-codes.js";
import { countDiagnostics, printDiagnostics } from "./report.js";
import { commandSettings } from "./settings.js";
import type { Terminal } from "./terminal.js";

export interface IrCommandOptions {
  readonly json?: boolean;
  readonly schema?: string[];
  readonly registry?: string;
  readonly config?: string;
}

/** `wesley ir --json`: the schema's IR (wesley-ir/v1) on stdout, for other implementations and for debugging. */
export async function runIrCommand(
  options: IrCommandOptions,
  terminal: Terminal,
  ports: GeneratorPorts,
): Promise<ExitCode> {
  const settings = await commandSettings(terminal.cwd, {
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  });
  const loaded = await ports.loadProject({
    cwd: settings.cwd,
    schema: settings.schema,
    ...(settings.registry === undefined ? {} : { registry: settings.registry }),
    registryRequired: settings.registryRequired,
  });
  if (!loaded.ok) {
    printDiagnostics(terminal, loaded.diagnostics);
    terminal.stderr.write(`${countDiagnostics(loaded.diagnostics)}; no IR printed\n`);
    return EXIT_INVALID_INPUT;
  }
  printDiagnostics(terminal, loaded.warnings);
  const json = await ports.irToJSON(loaded.ir);
  terminal.stdout.write(json.endsWith("\n") ? json : `${json}\n`);
  return EXIT_OK;
}
