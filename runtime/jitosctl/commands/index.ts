// Every jitosctl command, one file each. To add one: write commands/<name>.ts exporting a CommandRegistration that
// adds a subcommand to the program (description, options, action reporting its exit code through `setExitCode`),
// and list it here. Commands write through `context.io` and never call process.exit.
import type { Command } from "commander";
import type { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { registerApply } from "./apply.js";
import { registerGraph } from "./graph.js";
import { registerInfo } from "./info.js";
import { registerReplay } from "./replay.js";
import { registerRewrites } from "./rewrites.js";
import { registerSws } from "./sws.js";

export interface CommandContext {
  readonly io: Io;
  /** Relative paths in arguments resolve against this (the process's working directory). */
  readonly cwd: string;
  readonly setExitCode: (code: ExitCode) => void;
}

export type CommandRegistration = (program: Command, context: CommandContext) => void;

/** In the order `jitosctl --help` lists them: server commands, then local ones. */
export const command_registrations: readonly CommandRegistration[] = [
  registerGraph,
  registerRewrites,
  registerSws,
  registerApply,
  registerInfo,
  registerReplay,
];
