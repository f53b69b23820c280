import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FaultyFileSystem, NodeFileSystem } from "../storage/index.js";
import { encodeHeader, log_file_name, Wal } from "./index.js";
import type { FsyncPolicy, WalRecord } from "./index.js";
import { makeTempDir, payloadFor, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

// Each injected fault must give its documented behaviour (docs/wal.md, "Failures") and never a silently wrong state:
// every acknowledged record readable after reopen, nothing unacknowledged acknowledged.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openFaulty(fsync: FsyncPolicy = "group"): Promise<{ wal: Wal; faults: FaultyFileSystem; dir: string }> {
  const temp = makeTempDir("faults");
  cleanups.push(temp.remove);
  const faults = new FaultyFileSystem(new NodeFileSystem(), log_file_name);
  const wal = await Wal.open({
    dir: temp.dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    fsync,
    fileSystem: faults,
    preallocateBytes: 4096, // small: injected short writes apply to the zero fill too
  });
  cleanups.push(() => wal.close());
  return { wal, faults, dir: temp.dir };
}

async function reopenClean(dir: string): Promise<{ wal: Wal; records: WalRecord[]; warnings: string[] }> {
  const warnings: string[] = [];
  const wal = await Wal.open({
    dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    onWarning: (m) => warnings.push(m),
  });
  cleanups.push(() => wal.close());
  const records: WalRecord[] = [];
  for await (const record of wal.records()) records.push(record);
  return { wal, records, warnings };
}

async function appendAll(wal: Wal, seed: number, from: number, count: number) {
  return Promise.allSettled(Array.from({ length: count }, (_, i) => wal.append(payloadFor(seed, from + i, 200))));
}

function expectAckedPrefixSurvives(records: WalRecord[], seed: number, ackedCount: number): void {
  expect(records.length).toBeGreaterThanOrEqual(ackedCount);
  records.forEach((record, index) => {
    expect(record.seq).toBe(index);
    expect(record.payload).toEqual(payloadFor(seed, record.seq, 200));
  });
}

describe("injected faults", () => {
  it("short writes: appends loop until every byte is written, and the log reads back exactly", async () => {
    const { wal, faults, dir } = await openFaulty();
    faults.shortWriteBytesMax = 7;
    const results = await appendAll(wal, 1, 0, 40);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(faults.injectedFaults).toBeGreaterThan(0);
    await wal.close();
    const { records, warnings } = await reopenClean(dir);
    expect(warnings).toEqual([]);
    expectAckedPrefixSurvives(records, 1, 40);
    expect(records).toHaveLength(40);
  });

  for (const fsync of ["group", "per-record"] as const) {
    it(`a failing fsync rejects the append and poisons the log until reopen (fsync ${fsync})`, async () => {
      const { wal, faults, dir } = await openFaulty(fsync);
      await appendAll(wal, 2, 0, 5);
      faults.failingSyncs = 1;
      const failed = wal.append(payloadFor(2, 5, 200));
      const queued = wal.append(payloadFor(2, 6, 200));
      await expect(failed).rejects.toMatchObject({ code: "WAL_POISONED" });
      await expect(queued).rejects.toMatchObject({ code: "WAL_POISONED" });
      // The next fsync would succeed, but the log must not pretend later records are durable.
      await expect(wal.append(payloadFor(2, 7, 200))).rejects.toMatchObject({
        code: "WAL_POISONED",
        message: expect.stringContaining("closed and reopened"),
      });
      expect(wal.durableNextSeq).toBe(5);
      await wal.close();
      const { wal: reopened, records } = await reopenClean(dir);
      expectAckedPrefixSurvives(records, 2, 5);
      expect(records).toHaveLength(5); // the failed batch was cut back off the file
      expect((await reopened.append(payloadFor(2, 5, 200))).seq).toBe(5);
    });
  }

  it("a full disk (ENOSPC mid-batch) rejects the batch; if cleanup also fails, reopen truncates the torn tail", async () => {
    const { wal, faults, dir } = await openFaulty();
    const first = await appendAll(wal, 3, 0, 10);
    expect(first.every((r) => r.status === "fulfilled")).toBe(true);
    faults.diskFreeBytes = 300; // part of the next batch fits, then ENOSPC
    faults.failingTruncates = 1;
    const second = await appendAll(wal, 3, 10, 10);
    expect(second.every((r) => r.status === "rejected")).toBe(true);
    expect(second[0]).toMatchObject({ reason: { code: "WAL_POISONED", message: expect.stringContaining("ENOSPC") } });
    await wal.close();
    const { records, warnings } = await reopenClean(dir);
    expectAckedPrefixSurvives(records, 3, 10);
    expect(warnings.join("\n")).toMatch(/truncating a torn tail at byte offset \d+/);
  });

  it("a failing write (EIO) rejects and poisons like a failing fsync", async () => {
    const { wal, faults, dir } = await openFaulty();
    await appendAll(wal, 4, 0, 3);
    faults.failingWrites = 1;
    await expect(wal.append(payloadFor(4, 3, 200))).rejects.toMatchObject({ code: "WAL_POISONED" });
    await expect(wal.append(payloadFor(4, 3, 200))).rejects.toMatchObject({ code: "WAL_POISONED" });
    await wal.close();
    expectAckedPrefixSurvives((await reopenClean(dir)).records, 4, 3);
  });

  it("a bit flipped on disk while the log is open makes replay fail loudly with the offset", async () => {
    const { wal, dir } = await openFaulty();
    await appendAll(wal, 5, 0, 20);
    const logPath = join(dir, log_file_name);
    const bytes = readFileSync(logPath);
    const insideTheRecords =
      encodeHeader({ schemaHash: test_schema_hash, registryHash: test_registry_hash, baseSeq: 0 }).length + 500;
    bytes[insideTheRecords]! ^= 0x10;
    writeFileSync(logPath, bytes);
    const read = async () => {
      for await (const _record of wal.records()) void _record;
    };
    await expect(read()).rejects.toMatchObject({
      code: "WAL_CORRUPT",
      message: expect.stringMatching(/byte offset \d+/),
    });
  });
});
