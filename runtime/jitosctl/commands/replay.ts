// `jitosctl replay --verify --data-dir <dir>`: recompute everything from a data directory's log and print the
// first divergence, or OK with counts and the final digest (docs/jitosctl.md).
import type { Command } from "commander";
import { WalError } from "../../wal/index.js";
import { exit_diverged, exit_internal, exit_locked, exit_ok, exit_refused } from "../exit-codes.js";
import type { ExitCode } from "../exit-codes.js";
import { DomainLoadError, loadDomain } from "../load-domain.js";
import type { CommandContext } from "./index.js";
import { verifyDataDir } from "./replay-verify.js";
import type { ReplayReport } from "./replay-verify.js";

interface ReplayOptions {
  readonly dataDir: string;
  readonly verify?: boolean;
  readonly generated?: string;
  readonly json?: boolean;
}

export function registerReplay(program: Command, context: CommandContext): void {
  program
    .command("replay")
    .description("rebuild the state from a data directory's log and check every entry reproduces bit for bit")
    .requiredOption("-d, --data-dir <dir>", "the data directory (as given to jitosd --data-dir / Kernel.open)")
    .option("--verify", "compare every replayed entry with the log and the newest checkpoint (the default)", true)
    .option(
      "-g, --generated <module>",
      "generated package the log was written with (default: the kernel's own generated/)",
    )
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 OK, 1 diverged (entry or checkpoint does not match), 2 usage, 3 data directory refused " +
        "(missing, corrupt, other schema/registry hash), 4 locked by another process, 5 internal error.\n",
    )
    .action(async (options: ReplayOptions) => {
      context.setExitCode(await runReplay(options, context));
    });
}

async function runReplay(options: ReplayOptions, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  let report: ReplayReport;
  try {
    const { domain } = await loadDomain(options.generated, context.cwd);
    report = await verifyDataDir(options.dataDir, domain);
  } catch (error) {
    const code = exitCodeOf(error);
    const message = isFileSystemError(error)
      ? `cannot read data directory ${options.dataDir}: ${error.message}; ${fileSystemHint(error)}`
      : error instanceof Error
        ? error.message
        : String(error);
    if (options.json === true) {
      io.stdout.write(`${JSON.stringify({ ok: false, error: { code: errorCode(error), message } }, null, 2)}\n`);
    } else {
      io.stderr.write(`jitosctl replay: ${message}\n`);
      if (
        error instanceof WalError &&
        (error.code === "WAL_SCHEMA_MISMATCH" || error.code === "WAL_REGISTRY_MISMATCH")
      ) {
        io.stderr.write("  (pass the generated package the directory was written with: --generated <module>)\n");
      }
    }
    return code;
  }
  if (options.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report, context);
  return report.ok ? exit_ok : exit_diverged;
}

function printReport(report: ReplayReport, { io }: CommandContext): void {
  for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
  const c = report.counts;
  const counts = Object.keys(c.byType)
    .sort()
    .map((type) =>
      type === "sws.collapse"
        ? `${c.byType[type]} ${type} (${c.collapsesCommitted} committed, ${c.collapseConflicts} conflicts)`
        : `${c.byType[type]} ${type}`,
    )
    .join(", ");
  if (report.divergence !== null) {
    const d = report.divergence;
    io.stdout.write(
      `DIVERGED at idx ${d.idx} (${d.type} on ${d.view})\n` +
        `  expected: ${JSON.stringify(d.expected)}\n` +
        `  actual:   ${JSON.stringify(d.actual)}\n` +
        (d.idx === 0 ? "the first entry diverged\n" : `entries 0..${d.idx - 1} replayed and matched (${counts})\n`),
    );
    return;
  }
  const status = report.ok ? "OK" : "DIVERGED";
  io.stdout.write(
    `${status}: replayed ${counted(report.entries, "entry", "entries")}${counts === "" ? "" : `: ${counts}`}\n` +
      `system digest ${report.system.digest} (${counted(report.system.nodeCount, "node", "nodes")}, ` +
      `${counted(report.system.edgeCount, "edge", "edges")})\n` +
      `overlays: ${report.overlays.total} (${report.overlays.open} open, ${report.overlays.collapsed} collapsed, ` +
      `${report.overlays.discarded} discarded)\n`,
  );
  const cp = report.checkpoint;
  if (cp === null) io.stdout.write("checkpoint: none\n");
  else if (cp.matches) io.stdout.write(`checkpoint at idx ${cp.nextIdx}: matches the replayed state\n`);
  else io.stdout.write(`checkpoint at idx ${cp.nextIdx}: DOES NOT MATCH: ${cp.problem}\n`);
  if (report.tornTail !== null) {
    io.stdout.write(
      `torn tail at byte offset ${report.tornTail.offset} (${report.tornTail.bytesDropped} bytes; not acknowledged ` +
        `history): left in place, the next Kernel.open truncates it\n`,
    );
  }
}

/** "1 entry", "2 entries". */
function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The operating system refused a file of the directory (permissions, not a directory, ...): node's errno errors. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & Error {
  return (
    error instanceof Error &&
    !(error instanceof WalError) &&
    typeof (error as NodeJS.ErrnoException).syscall === "string"
  );
}

function fileSystemHint(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOTDIR") return "--data-dir must be the directory given to jitosd --data-dir or Kernel.open";
  if (error.code === "EACCES" || error.code === "EPERM") {
    return "this user must be able to read it and create its LOCK file; run as its owner, or copy the directory";
  }
  return "check the directory and its files (wal.log, LOCK)";
}

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof DomainLoadError || isFileSystemError(error)) return exit_refused;
  if (!(error instanceof WalError)) return exit_internal;
  if (error.code === "WAL_LOCKED") return exit_locked;
  if (error.code === "WAL_INVALID_ARGUMENT" || error.code === "WAL_POISONED" || error.code === "WAL_BACKPRESSURE") {
    return exit_internal;
  }
  return exit_refused;
}

function errorCode(error: unknown): string {
  if (error instanceof WalError) return error.code;
  if (isFileSystemError(error)) return error.code ?? "FILE_SYSTEM";
  if (error instanceof DomainLoadError) return "DOMAIN_LOAD";
  return "INTERNAL";
}
