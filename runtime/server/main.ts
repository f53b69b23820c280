#!/usr/bin/env node
// jitosd: serve the kernel over GraphQL (docs/server.md).
//
//   jitosd --data-dir <dir> [--host 127.0.0.1] [--port 8080] [--persisted-only <manifest>] [--auth <file>] [limits]
//
// Exit codes: 0 stopped cleanly (SIGTERM/SIGINT), 1 could not start (data directory, port, files), 2 usage error.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { folds, policy } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { loadAuth } from "./auth/load-authorizer.js";
import { default_limits, limit_ranges, shutdown_grace_ms_default } from "./config/limits.js";
import type { ServerLimits } from "./config/limits.js";
import { JitosServer } from "./server.js";
import { server_version } from "./version.js";

const exit_stopped = 0;
const exit_start_failed = 1;
const exit_usage = 2;

interface CliOptions {
  dataDir?: string;
  inMemory?: boolean;
  host: string;
  port: number;
  persistedOnly?: string;
  auth?: string;
  fsync?: "group" | "per-record" | "off";
  shutdownGraceMs: number;
  bodyBytesMax: number;
  queryDepthMax: number;
  queryCostMax: number;
  pageSizeMax: number;
  subscriptionsPerConnectionMax: number;
  connectionsMax: number;
}

function integerIn(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^[0-9]+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}, got ${n}`);
    return n;
  };
}

function limitOption(flag: string, key: keyof ServerLimits, text: string): Option {
  const [min, max] = limit_ranges[key];
  return new Option(`${flag} <n>`, `${text} (${min}..${max})`).argParser(integerIn(flag, min, max)).default(default_limits[key]);
}

function program(): Command {
  return new Command("jitosd")
    .description("Serve the JITOS kernel over GraphQL: HTTP (POST, GET for queries) and graphql-transport-ws subscriptions at /graphql.")
    .version(server_version)
    .option("--data-dir <dir>", "data directory of the write-ahead log (created if missing; one daemon per directory)")
    .option("--in-memory", "keep everything in memory and lose it at exit (tests and benchmarks; instead of --data-dir)")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .addOption(new Option("--port <n>", "TCP port; 0 picks a free one (printed at start)").argParser(integerIn("--port", 0, 65535)).default(8080))
    .option("--persisted-only <manifest>", "run only the operations of this persisted-operations.json (from wesley build --target client)")
    .option("--auth <file>", "principals config (bearer tokens -> principals and capabilities, docs/policy.md); without it every caller may do everything")
    .addOption(new Option("--fsync <policy>", "when a command is durable: group commit, per record, or off (tests only)").choices(["group", "per-record", "off"]))
    .addOption(limitOption("--body-bytes-max", "bodyBytesMax", "largest request body / WebSocket message in bytes"))
    .addOption(limitOption("--query-depth-max", "queryDepthMax", "deepest field nesting of an operation"))
    .addOption(limitOption("--query-cost-max", "queryCostMax", "highest estimated operation cost"))
    .addOption(limitOption("--page-size-max", "pageSizeMax", "largest page any list returns"))
    .addOption(limitOption("--subscriptions-per-connection-max", "subscriptionsPerConnectionMax", "subscriptions one WebSocket may hold"))
    .addOption(limitOption("--connections-max", "connectionsMax", "open TCP connections"))
    .addOption(
      new Option("--shutdown-grace-ms <n>", "on SIGTERM, how long in-flight requests may take before their connections are closed")
        .argParser(integerIn("--shutdown-grace-ms", 0, 600_000))
        .default(shutdown_grace_ms_default),
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 stopped by SIGTERM/SIGINT; 1 could not start (data directory, port, --auth or --persisted-only file; " +
        "the reason on stderr) or a second signal during shutdown; 2 usage error.\nDetails: docs/server.md",
    )
    .showHelpAfterError("(run jitosd --help for usage)")
    .exitOverride();
}

async function main(argv: readonly string[]): Promise<number> {
  const command = program();
  try {
    command.parse(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : exit_usage;
    throw error;
  }
  const options = command.opts<CliOptions>();
  if (options.dataDir?.trim() === "") {
    // `--data-dir "$DATA"` with DATA unset: an empty path would put the log in the current directory.
    process.stderr.write("jitosd: --data-dir is empty; give the data directory's path (or --in-memory)\n(run jitosd --help for usage)\n");
    return exit_usage;
  }
  if ((options.dataDir === undefined) === (options.inMemory !== true)) {
    process.stderr.write("jitosd: give --data-dir <dir> (durable), or --in-memory (nothing kept), not both\n(run jitosd --help for usage)\n");
    return exit_usage;
  }
  const limits: ServerLimits = {
    bodyBytesMax: options.bodyBytesMax,
    queryDepthMax: options.queryDepthMax,
    queryCostMax: options.queryCostMax,
    pageSizeMax: options.pageSizeMax,
    subscriptionsPerConnectionMax: options.subscriptionsPerConnectionMax,
    connectionsMax: options.connectionsMax,
  };
  let server: JitosServer;
  let auth: ReturnType<typeof loadAuth> | undefined;
  try {
    auth = options.auth === undefined ? undefined : loadAuth(options.auth, domain, policy);
    server = await JitosServer.start({
      domain,
      dataDir: options.dataDir ?? null,
      host: options.host,
      port: options.port,
      limits,
      persistedOperationsFile: options.persistedOnly ?? null,
      folds,
      ...(auth !== undefined && { auth: auth.authorizer, policy: auth.policy }),
      ...(options.fsync !== undefined && { fsync: options.fsync }),
    });
  } catch (error) {
    process.stderr.write(`jitosd: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return exit_start_failed;
  }
  for (const warning of auth?.warnings ?? []) process.stderr.write(`jitosd: warning: ${warning}\n`);
  const kernel = server.host.kernel;
  const storage = options.dataDir === undefined ? "in memory, nothing kept" : `data dir ${options.dataDir}, ${server.host.durable ? "durable" : "NOT durable"}`;
  const extras = [
    server.persisted === null ? null : `persisted-only: ${server.persisted.size} operations`,
    options.auth === undefined ? null : `auth: ${options.auth}`,
  ].filter((text) => text !== null);
  process.stdout.write(
    `jitosd ${server_version} listening on ${server.url} (${storage}; ${kernel.nextIdx} history entries${extras.length > 0 ? `; ${extras.join("; ")}` : ""})\n`,
  );

  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        process.stderr.write(`jitosd: ${signal} again; exiting without waiting\n`);
        resolve(exit_start_failed);
        return;
      }
      process.stdout.write(`jitosd: ${signal}: stopping (finishing requests in flight, flushing the log)\n`);
      server.stop(options.shutdownGraceMs).then(
        () => {
          process.stdout.write(`jitosd: stopped at ${kernel.nextIdx} history entries\n`);
          resolve(exit_stopped);
        },
        (error: unknown) => {
          process.stderr.write(`jitosd: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(exit_start_failed);
        },
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

process.exitCode = await main(process.argv);
// Sockets or timers left by a failed shutdown must not keep the process alive after the answer.
setTimeout(() => process.exit(), 100).unref();
