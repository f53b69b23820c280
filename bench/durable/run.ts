// Durable kernel benchmark (issue 4): rewrites through Kernel.open with group commit against better-sqlite3
// inserting the same payloads with the same batching; replay throughput; restart time of a 1M-entry log with and
// without a checkpoint. `npx tsx bench/durable/run.ts`; see README.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel, checkpointNow, recoveryOf, walStatsOf } from "../../runtime/kernel/index.js";
import type { FsyncPolicy } from "../../runtime/wal/index.js";
import { runClients } from "./workload.js";

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const entries_per_run = env("DURABLE_BENCH_ENTRIES", 100_000);
const runs = env("DURABLE_BENCH_RUNS", 5);
const clients = env("DURABLE_BENCH_CLIENTS", 64);
const restart_entries = env("DURABLE_BENCH_RESTART_ENTRIES", 1_000_000);
const restart_runs = env("DURABLE_BENCH_RESTART_RUNS", 3);
/** Restarts without a checkpoint re-run every entry (minutes at 1M on a loaded machine): fewer by default. */
const full_replay_runs = env("DURABLE_BENCH_FULL_REPLAY_RUNS", 1);
/** Keep the 1M-entry log here and reuse it on the next run (building it takes minutes); unset: a temp dir. */
const restart_dir = process.env.DURABLE_BENCH_RESTART_DIR;
/** 1: the durable runs overlap each group-commit write with the clients' work (ADR 0074; off by default). */
const overlap_writes = env("DURABLE_BENCH_OVERLAP", 0) === 1;
const restart_script = fileURLToPath(new URL("./restart.ts", import.meta.url));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `durable-bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function openKernel(dir: string, fsync: FsyncPolicy, checkpointEveryRecords?: number): Promise<Kernel> {
  return Kernel.open({
    dataDir: dir,
    domain: taskDomain,
    fsync,
    onWarning: (message) => console.error(`warning: ${message}`),
    ...(checkpointEveryRecords !== undefined && { checkpointEveryRecords }),
    ...(overlap_writes && { overlapWrites: true }),
  });
}

interface KernelRun {
  readonly rate: number;
  readonly meanBatch: number;
  readonly payloads: Uint8Array[];
  readonly dir: string;
  readonly remove: () => void;
}

/** Durable rewrites through the kernel: validate, apply, digest, receipt, WAL append, acknowledged by durable(). */
async function kernelRun(): Promise<KernelRun> {
  const temp = tempDir("kernel");
  const kernel = await openKernel(temp.dir, "group"); // default checkpoint interval, as in production
  const start = performance.now();
  await runClients(kernel, { clients, entries: entries_per_run, mixUpdates: false });
  await kernel.durable();
  const seconds = (performance.now() - start) / 1000;
  const stats = walStatsOf(kernel)!;
  const payloads = Array.from({ length: kernel.nextIdx }, (_, idx) => kernel.encodedEntry(idx).slice());
  await kernel.close();
  return {
    rate: kernel.nextIdx / seconds,
    meanBatch: stats.recordsWritten / stats.batchesWritten,
    payloads,
    ...temp,
  };
}

/** The same entry bytes, `batch` rows per transaction, journal_mode=WAL, synchronous=FULL (fsync per commit). */
function sqliteRun(payloads: readonly Uint8Array[], batch: number): number {
  const temp = tempDir("sqlite");
  const db = new Database(join(temp.dir, "bench.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE history (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)");
  const insert = db.prepare("INSERT INTO history (idx, entry) VALUES (?, ?)");
  const commit = db.transaction((from: number, to: number) => {
    for (let idx = from; idx < to; idx++) insert.run(idx, payloads[idx]!);
  });
  const start = performance.now();
  for (let from = 0; from < payloads.length; from += batch) commit(from, Math.min(from + batch, payloads.length));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  temp.remove();
  return payloads.length / seconds;
}

/** Kernel.open of a directory whose checkpoints were removed: every entry is read, re-run and verified. */
async function replayRate(dir: string): Promise<{ rate: number; entries: number; ms: number }> {
  for (const name of readdirSync(dir)) if (name.endsWith(".snap")) rmSync(join(dir, name));
  const start = performance.now();
  const kernel = await openKernel(dir, "group", 0);
  const ms = performance.now() - start;
  const entries = kernel.nextIdx;
  if (recoveryOf(kernel)!.entriesReplayed !== entries) throw new Error("replay did not run every entry");
  await kernel.close();
  return { rate: entries / (ms / 1000), entries, ms };
}

interface Restart {
  readonly openMs: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds of the whole restart process (start-up included): steadier than wall time under load. */
  readonly cpuSeconds: number;
  readonly entries: number;
  readonly systemNodes: number;
  readonly digest: string;
  readonly recovery: { checkpointNextIdx: number | null; entriesLoaded: number; entriesReplayed: number };
}

/** One restart in a child process under /usr/bin/time -v (its own peak RSS). */
function restart(dir: string): Restart {
  const child = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", restart_script, dir], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`restart failed: ${child.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const cpu = (label: string): number =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr)?.[1]);
  const result = JSON.parse(child.stdout.trim().split("\n").pop()!) as Omit<Restart, "peakRssMb" | "cpuSeconds">;
  return {
    ...result,
    peakRssMb: rss === null ? NaN : Number(rss[1]) / 1024,
    cpuSeconds: cpu("User") + cpu("System"),
  };
}

async function main(): Promise<void> {
  if (runs > 0) await throughput();
  if (restart_entries > 0) await restarts();
}

/** Parts 1-3: durable rewrites against SQLite, and replay. */
async function throughput(): Promise<void> {
  console.log(
    `durable kernel benchmark: ${fmt(entries_per_run)} entries per run, ${clients} clients (each acknowledged ` +
      `before its next command), median of ${runs} runs; node ${process.version}, temp dir ${tmpdir()}\n`,
  );
  const kernelRates: number[] = [];
  const sqliteRates: number[] = [];
  const replayRates: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Interleaved so drift in disk or machine load hits both sides alike.
    const result = await kernelRun();
    kernelRates.push(result.rate);
    const sqlite = sqliteRun(result.payloads, clients);
    sqliteRates.push(sqlite);
    const mb = result.payloads.reduce((sum, p) => sum + p.length, 0) / result.payloads.length;
    const replay = await replayRate(result.dir);
    replayRates.push(replay.rate);
    result.remove();
    console.log(
      `  run ${run + 1}: kernel ${fmt(result.rate)} entries/s (mean batch ${result.meanBatch.toFixed(1)} entries, ` +
        `mean entry ${mb.toFixed(0)} B), sqlite ${fmt(sqlite)} rows/s, replay ${fmt(replay.rate)} entries/s`,
    );
  }
  const kernelRate = median(kernelRates);
  const sqliteRate = median(sqliteRates);
  const replay = median(replayRates);
  console.log(`\ndurable rewrites through Kernel.open, group commit: ${fmt(kernelRate)} entries/s`);
  console.log(`sqlite, same entry bytes, ${clients} rows/transaction:  ${fmt(sqliteRate)} rows/s`);
  console.log(`ratio kernel / sqlite: ${(kernelRate / sqliteRate).toFixed(2)}x (target >= 1x)`);
  console.log(
    `replay (Kernel.open, every entry re-run and verified): ${fmt(replay)} entries/s = ` +
      `${(replay / kernelRate).toFixed(2)}x the durable rate (target >= 5x)`,
  );
}

/** Part 4: restart of a 1M-entry log, with and without a checkpoint. */
async function restarts(): Promise<void> {
  const temp =
    restart_dir === undefined ? tempDir("restart") : { dir: restart_dir, remove: () => undefined /* kept */ };
  let checkpointMs: number | null = null;
  if (existsSync(join(temp.dir, "wal.log"))) {
    console.log(`\nreusing the log in ${temp.dir} (DURABLE_BENCH_RESTART_DIR)`);
  } else {
    console.log(
      `\nbuilding a ${fmt(restart_entries)}-entry log (16 clients, creates and retitles, fsync off: setup only)...`,
    );
    const build = performance.now();
    const builder = await openKernel(temp.dir, "off", 0);
    await runClients(builder, { clients: 16, entries: restart_entries, mixUpdates: true });
    const buildSeconds = (performance.now() - build) / 1000;
    const checkpointStart = performance.now();
    await checkpointNow(builder); // the state after the last entry
    checkpointMs = performance.now() - checkpointStart;
    await builder.close();
    console.log(`  built in ${buildSeconds.toFixed(1)} s`);
  }
  const logMb = statSync(join(temp.dir, "wal.log")).size / 1024 / 1024;
  const snapshots = readdirSync(temp.dir).filter((name) => name.endsWith(".snap"));
  const snapMb = snapshots.reduce((sum, name) => sum + statSync(join(temp.dir, name)).size, 0) / 1024 / 1024;
  console.log(`  wal.log ${logMb.toFixed(0)} MiB, checkpoint ${snapMb.toFixed(0)} MiB`);

  const withCheckpoint: Restart[] = [];
  for (let run = 0; run < restart_runs; run++) withCheckpoint.push(restart(temp.dir));
  for (const name of snapshots) renameSync(join(temp.dir, name), join(temp.dir, `${name}.moved`));
  const withoutCheckpoint: Restart[] = [];
  try {
    for (let run = 0; run < full_replay_runs; run++) withoutCheckpoint.push(restart(temp.dir));
  } finally {
    for (const name of snapshots) renameSync(join(temp.dir, `${name}.moved`), join(temp.dir, name));
  }
  temp.remove();

  const show = (label: string, results: Restart[]): void => {
    const ms = median(results.map((r) => r.openMs));
    const rss = median(results.map((r) => r.peakRssMb));
    const cpu = median(results.map((r) => r.cpuSeconds));
    const r = results[0]!;
    console.log(
      `${label}: ${(ms / 1000).toFixed(2)} s (runs: ${results.map((x) => (x.openMs / 1000).toFixed(2)).join(", ")}), ` +
        `process CPU ${cpu.toFixed(2)} s, peak RSS ${fmt(rss)} MiB; ${fmt(r.entries)} entries ` +
        `(${fmt(r.recovery.entriesLoaded)} below the checkpoint, ${fmt(r.recovery.entriesReplayed)} re-run), ` +
        `system ${fmt(r.systemNodes)} nodes`,
    );
  };
  console.log("");
  if (withoutCheckpoint.length > 0) show("restart without checkpoint", withoutCheckpoint);
  show("restart with checkpoint   ", withCheckpoint);
  if (checkpointMs !== null) console.log(`checkpoint write: ${(checkpointMs / 1000).toFixed(2)} s`);
  const digests = new Set([...withoutCheckpoint, ...withCheckpoint].map((r) => r.digest));
  console.log(`same system digest on every restart: ${digests.size === 1 ? "yes" : "NO"}`);
}

await main();
