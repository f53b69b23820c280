#!/usr/bin/env node
// The `wesley` executable. Everything lives in program.ts; this file only binds it to the real process.
import { defaultGeneratorPorts } from "../output/default-ports.js";
import { EXIT_INVALID_INPUT } from "./exit-codes.js";
import { runWesley } from "./program.js";
import { processTerminal } from "./terminal.js";

try {
  process.exitCode = await runWesley(process.argv.slice(2), processTerminal(), defaultGeneratorPorts);
} catch (error) {
  // File-system failures (permissions, full disk) land here. The output folder is untouched: writes go to a temp
  // folder that only replaces it once complete. The stack is for bug reports, not for everyday errors.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env["WESLEY_DEBUG"] !== undefined && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = EXIT_INVALID_INPUT;
}
