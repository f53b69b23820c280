import type { BuildOutcome } from "../output/build-output.js";
import { EXIT_INVALID_INPUT, EXIT_OK } from "./exit-codes.js";
import type { ExitCode } from "./exit-codes.js";
import { countDiagnostics, describeDifference, formatMs, plural, printDiagnostics, shortHash } from "./report.js";
import type { Terminal } from "./terminal.js";

export interface ReportContext {
  /** The output folder as the user reads it (cwd-relative). */
  readonly shownOutDir: string;
  readonly elapsedMs: number;
  /** What happened to the output when the input was invalid; watch mode keeps the last good output. */
  readonly onInvalid: string;
}

/** Scaffolds are user files from the moment they exist, so say so once, when they are created. */
function printScaffolds(terminal: Terminal, created: readonly string[] | undefined): void {
  for (const path of created ?? []) terminal.stdout.write(`created ${path} (yours to edit; never overwritten)\n`);
}

/** Prints what a build did (one summary line, plus diagnostics or differing files) and picks the exit code. */
export function reportBuild(terminal: Terminal, outcome: BuildOutcome, context: ReportContext): ExitCode {
  const out = `${context.shownOutDir}/`;
  const took = formatMs(context.elapsedMs);
  switch (outcome.kind) {
    case "invalid":
      printDiagnostics(terminal, outcome.diagnostics);
      terminal.stderr.write(`${countDiagnostics(outcome.diagnostics)}; ${context.onInvalid}\n`);
      return EXIT_INVALID_INPUT;
    case "refused":
      terminal.stderr.write(`error: ${outcome.reason}\n${context.onInvalid}\n`);
      return EXIT_INVALID_INPUT;
    case "written":
      printDiagnostics(terminal, outcome.warnings);
      printScaffolds(terminal, outcome.scaffoldsCreated);
      terminal.stdout.write(
        `wrote ${plural(outcome.fileCount, "file")} to ${out} in ${took} (schema ${shortHash(outcome.schemaHash)})\n`,
      );
      return EXIT_OK;
    case "unchanged":
      printDiagnostics(terminal, outcome.warnings);
      printScaffolds(terminal, outcome.scaffoldsCreated);
      terminal.stdout.write(
        `${out} is up to date (${plural(outcome.fileCount, "file")}, nothing written) in ${took} (schema ${shortHash(outcome.schemaHash)})\n`,
      );
      return EXIT_OK;
    case "checked": {
      printDiagnostics(terminal, outcome.warnings);
      const lines = describeDifference(context.shownOutDir, outcome.difference);
      if (lines.length === 0) {
        terminal.stdout.write(
          `${out} is up to date (${plural(outcome.fileCount, "file")}) in ${took} (schema ${shortHash(outcome.schemaHash)})\n`,
        );
        return EXIT_OK;
      }
      terminal.stderr.write(
        `${out} is stale: ${plural(lines.length, "file")} ${lines.length === 1 ? "differs" : "differ"} from what this build would write:\n${lines.join("\n")}\n` +
          `Run the same command without --check to update ${out}, then commit it.\n`,
      );
      return EXIT_INVALID_INPUT;
    }
  }
}
