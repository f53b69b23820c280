// WAL benchmark: durable append throughput (group commit) against better-sqlite3 with the same payloads and the same
// batching, replay throughput, and open/scan time for a large log. `npx tsx bench/wal/run.ts`; see README.md.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Wal } from "../../runtime/wal/index.js";
import type { FsyncPolicy } from "../../runtime/wal/index.js";
import { payloadFor, test_registry_hash, test_schema_hash } from "../../runtime/wal/testing/fixtures.js";
import { measureChecksums } from "./checksum.js";

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const records_per_run = env("WAL_BENCH_RECORDS", 100_000);
const runs = env("WAL_BENCH_RUNS", 5);
const in_flight = env("WAL_BENCH_IN_FLIGHT", 64);
const payload_bytes_max = env("WAL_BENCH_PAYLOAD_BYTES", 200); // payload lengths 1..max, mean ~max/2
const scan_records = env("WAL_BENCH_SCAN_RECORDS", 1_000_000);
const per_record_records = env("WAL_BENCH_PER_RECORD_RECORDS", 500);
const setup_chunk_records = 4096;

const payloads = Array.from({ length: records_per_run }, (_, seq) => payloadFor(7, seq, payload_bytes_max));

function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `wal-bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function openWal(dir: string, fsync: FsyncPolicy): Promise<Wal> {
  return Wal.open({ dir, schemaHash: test_schema_hash, registryHash: test_registry_hash, fsync });
}

/** `appenders` closed-loop clients, each awaiting its own append before the next: at most `appenders` in flight. */
let lastMeanBatchRecords = 0;

async function walAppendRate(fsync: FsyncPolicy, count: number, appenders: number): Promise<number> {
  const temp = tempDir("append");
  const wal = await openWal(temp.dir, fsync);
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < count) await wal.append(payloads[next++ % payloads.length]!);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: appenders }, client));
  const seconds = (performance.now() - start) / 1000;
  lastMeanBatchRecords = wal.stats.recordsWritten / wal.stats.batchesWritten;
  await wal.close();
  temp.remove();
  return count / seconds;
}

/** The same payloads, committed `batch` rows per transaction, WAL journal, synchronous=FULL (fsync per commit). */
function sqliteInsertRate(count: number, batch: number): number {
  const temp = tempDir("sqlite");
  const db = new Database(join(temp.dir, "bench.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE log (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
  const insert = db.prepare("INSERT INTO log (seq, payload) VALUES (?, ?)");
  const commitBatch = db.transaction((from: number, to: number) => {
    for (let seq = from; seq < to; seq++) insert.run(seq, payloads[seq % payloads.length]!);
  });
  const start = performance.now();
  for (let from = 0; from < count; from += batch) commitBatch(from, Math.min(from + batch, count));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  temp.remove();
  return count / seconds;
}

/** Writes `count` records without fsync (setup only), returning the directory. */
async function buildLog(count: number): Promise<{ dir: string; remove: () => void }> {
  const temp = tempDir("scan");
  const wal = await openWal(temp.dir, "off");
  for (let from = 0; from < count; from += setup_chunk_records) {
    const chunk: Promise<unknown>[] = [];
    for (let seq = from; seq < Math.min(from + setup_chunk_records, count); seq++) {
      chunk.push(wal.append(payloads[seq % payloads.length]!));
    }
    await Promise.all(chunk);
  }
  await wal.close();
  return temp;
}

async function openAndReplay(dir: string): Promise<{ openMs: number; replayMs: number; records: number }> {
  const start = performance.now();
  const wal = await openWal(dir, "group");
  const openMs = performance.now() - start;
  let records = 0;
  for await (const batch of wal.recordBatches()) records += batch.length;
  const replayMs = performance.now() - start - openMs;
  await wal.close();
  return { openMs, replayMs, records };
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

async function main(): Promise<void> {
  console.log(
    `WAL benchmark: ${records_per_run} records per run, payloads 1..${payload_bytes_max} B, ${in_flight} in flight, median of ${runs} runs`,
  );
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, temp dir ${tmpdir()}\n`);

  const walRates: number[] = [];
  const sqliteRates: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Interleaved so drift in disk or machine load hits both sides alike.
    walRates.push(await walAppendRate("group", records_per_run, in_flight));
    const batchRecords = lastMeanBatchRecords;
    sqliteRates.push(sqliteInsertRate(records_per_run, in_flight));
    console.log(
      `  run ${run + 1}: wal ${fmt(walRates[run]!)} rec/s (mean batch ${batchRecords.toFixed(1)} records), ` +
        `sqlite ${fmt(sqliteRates[run]!)} rec/s`,
    );
  }
  const walRate = median(walRates);
  const sqliteRate = median(sqliteRates);
  console.log(`\ndurable append, group commit:       wal ${fmt(walRate)} rec/s`);
  console.log(`durable insert, ${in_flight} rows/transaction: sqlite ${fmt(sqliteRate)} rec/s`);
  console.log(`ratio wal / sqlite:                  ${(walRate / sqliteRate).toFixed(2)}x (target >= 1x)`);

  const perRecordWal = await walAppendRate("per-record", per_record_records, 1);
  const perRecordSqlite = sqliteInsertRate(per_record_records, 1);
  console.log(
    `\nfsync per record (1 in flight):     wal ${fmt(perRecordWal)} rec/s, sqlite (1 row/transaction) ${fmt(perRecordSqlite)} rec/s`,
  );

  console.log(`\nbuilding a ${fmt(scan_records)}-record log (fsync off, setup only)...`);
  const scanTemp = await buildLog(scan_records);
  const bytes = statSync(join(scanTemp.dir, "wal.log")).size;
  const scans = [
    await openAndReplay(scanTemp.dir),
    await openAndReplay(scanTemp.dir),
    await openAndReplay(scanTemp.dir),
  ];
  scanTemp.remove();
  const openMs = median(scans.map((s) => s.openMs));
  const replayMs = median(scans.map((s) => s.replayMs));
  console.log(
    `${fmt(scan_records)} records, ${(bytes / 1048576).toFixed(0)} MiB file: open (verify every frame) ` +
      `${fmt(openMs)} ms, then read all ${fmt(replayMs)} ms (median of 3, warm page cache)`,
  );
  const replayRate = scan_records / ((openMs + replayMs) / 1000);
  console.log(
    `replay (open + read all): ${fmt(replayRate)} rec/s = ${(replayRate / walRate).toFixed(1)}x the durable ` +
      `append rate (target >= 5x)`,
  );

  console.log(`\nchecksum cost per record (ns per call):`);
  for (const figure of measureChecksums()) {
    console.log(
      `  ${String(figure.sizeBytes).padStart(5)} B: crc32 ${figure.crc32Ns.toFixed(0)}, blake3 ${figure.blake3Ns.toFixed(0)}`,
    );
  }
}

await main();
