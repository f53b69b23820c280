// Stand-alone entry for `wesley diff` (tests and benchmarks): node --import tsx generator/diff/main.ts <old> <new>
import { Command } from "commander";
import { DIFF_EXIT_USAGE_OR_INPUT, registerDiffCommand } from "./cli.js";

const program = new Command("wesley").exitOverride();
registerDiffCommand(program);
try {
  await program.parseAsync(["node", "wesley", "diff", ...process.argv.slice(2)]);
} catch (error) {
  // commander already printed what was wrong with the invocation.
  const code = (error as { code?: string }).code;
  process.exitCode = code === "commander.helpDisplayed" || code === "commander.version" ? 0 : DIFF_EXIT_USAGE_OR_INPUT;
}
