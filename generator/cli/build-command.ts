import { resolve } from "node:path";
import type { ResolvedSettings } from "../config/index.js";
import { buildOutput, displayPath } from "../output/build-output.js";
import type { GeneratorPorts } from "../output/generator-ports.js";
import type { TargetName } from "../output/targets.js";
import { reportBuild } from "./build-report.js";
import { EXIT_OK } from "./exit-codes.js";
import type { ExitCode } from "./exit-codes.js";
import { commandSettings, requireTarget } from "./settings.js";
import type { Terminal } from "./terminal.js";
import { UsageError } from "./usage-error.js";

/** `wesley build` options as commander parses them. */
export interface BuildCommandOptions {
  readonly target?: string;
  readonly schema?: string[];
  readonly registry?: string;
  readonly config?: string;
  readonly out?: string;
  readonly documents?: string[];
  readonly check?: boolean;
  readonly watch?: boolean;
  /** False with --no-cache: always render, never trust the build stamp. */
  readonly cache: boolean;
}

export async function runBuildCommand(
  options: BuildCommandOptions,
  terminal: Terminal,
  ports: GeneratorPorts,
): Promise<ExitCode> {
  if (options.check === true && options.watch === true) {
    throw new UsageError("--check and --watch cannot be combined: --check compares once and exits.");
  }
  const commandLine = {
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.registry === undefined ? {} : { registry: options.registry }),
    ...(options.out === undefined ? {} : { out: options.out }),
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.documents === undefined ? {} : { documents: options.documents }),
  };
  const settings = await commandSettings(terminal.cwd, commandLine);
  const target = requireTarget(settings);
  const mode = options.check === true ? "check" : "write";
  const firstBuild = await buildOnce(settings, target, mode, options.cache, terminal, ports, "nothing was written");
  if (options.watch !== true) return firstBuild;

  return watchBuild(settings, target, options.cache, terminal, ports, async () => {
    // Re-read the settings each time so edits to the config file apply without a restart.
    const current = await commandSettings(terminal.cwd, commandLine);
    return { settings: current, target: requireTarget(current) };
  });
}

async function buildOnce(
  settings: ResolvedSettings,
  target: TargetName,
  mode: "write" | "check",
  useStamp: boolean,
  terminal: Terminal,
  ports: GeneratorPorts,
  onInvalid: string,
): Promise<ExitCode> {
  const started = performance.now();
  const outcome = await buildOutput(
    {
      cwd: settings.cwd,
      schema: settings.schema,
      ...(settings.registry === undefined ? {} : { registry: settings.registry }),
      registryRequired: settings.registryRequired,
      ...(settings.documents === undefined ? {} : { documents: settings.documents }),
      target,
      out: settings.out,
      mode,
      useStamp,
      scaffoldDir: settings.scaffolds,
    },
    ports,
  );
  const shownOutDir = displayPath(settings.cwd, resolve(settings.cwd, settings.out));
  return reportBuild(terminal, outcome, { shownOutDir, elapsedMs: performance.now() - started, onInvalid });
}

/**
 * Rebuilds on every change of the schema files, the registry or the config file until SIGINT/SIGTERM. A broken
 * schema prints its errors and leaves the last good output in place (a build never writes when it finds errors).
 */
async function watchBuild(
  initial: ResolvedSettings,
  target: TargetName,
  useStamp: boolean,
  terminal: Terminal,
  ports: GeneratorPorts,
  reloadSettings: () => Promise<{ settings: ResolvedSettings; target: TargetName }>,
): Promise<ExitCode> {
  // chokidar is needed only here; keeping it off the start-up path helps the no-op build's 0.3 s budget.
  const { watchAndRebuild, watchRoots } = await import("../watch/index.js");
  const cwd = initial.cwd;
  const outDir = resolve(cwd, initial.out);
  const shownOutDir = displayPath(cwd, outDir);
  const watched = [
    ...initial.schema,
    ...(initial.registry === undefined ? [] : [initial.registry]),
    ...(initial.documents ?? []),
  ];
  if (initial.configFile !== undefined) watched.push(initial.configFile);
  const roots = watchRoots(cwd, watched);

  const stopped = new Promise<void>((stop) => {
    process.once("SIGINT", () => stop());
    process.once("SIGTERM", () => stop());
  });
  const watching = watchAndRebuild({
    roots,
    ignoredPrefixes: [outDir],
    stopped,
    onReady: () => {
      const shownRoots = roots.map((root) => displayPath(cwd, root)).join(", ");
      terminal.stdout.write(`watching ${shownRoots} for changes (target ${target}; press Ctrl-C to stop)\n`);
    },
    rebuild: async (changed) => {
      const names = changed.map((path) => displayPath(cwd, path));
      terminal.stdout.write(`change in ${names.join(", ")}; rebuilding\n`);
      try {
        const current = await reloadSettings();
        const keptOutput = `kept the last good output in ${displayPath(cwd, resolve(cwd, current.settings.out))}/`;
        await buildOnce(current.settings, current.target, "write", useStamp, terminal, ports, keptOutput);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        terminal.stderr.write(`error: ${error.message}\nkept the last good output in ${shownOutDir}/\n`);
      }
    },
  });
  await watching;
  terminal.stdout.write("stopped watching\n");
  return EXIT_OK;
}
