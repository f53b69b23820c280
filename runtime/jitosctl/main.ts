#!/usr/bin/env node
// The `jitosctl` executable. Everything lives in program.ts; this file only binds it to the real process.
import { exit_internal } from "./exit-codes.js";
import { process_io } from "./io.js";
import { runJitosctl } from "./program.js";

// A reader that stops early (`jitosctl rewrites --all | head`) closes the pipe: stop quietly, as other command-line
// tools do, instead of dying on an unhandled EPIPE with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

try {
  process.exitCode = await runJitosctl(process.argv.slice(2), process_io);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`jitosctl: internal error: ${message}\n`);
  if (process.env["JITOSCTL_DEBUG"] !== undefined && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = exit_internal;
}
