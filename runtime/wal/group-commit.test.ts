// The group-commit loop's batching (ADR 0074): clients acknowledged by a write run while the next write is in
// flight when writes are quick, whole bursts go in one write when the disk is slow, and close() writes every
// queued append whichever mode the loop is in. The disk's speed is set by delaying each write of a real file.
import { afterEach, describe, expect, it } from "vitest";
import type { FileHandle, FileSystem, OpenMode } from "../storage/index.js";
import { NodeFileSystem } from "../storage/index.js";
import { Wal } from "./index.js";
import type { WalRecord } from "./index.js";
import { makeTempDir, payloadFor, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Real files whose writes each take at least `delayMs` more (a slower disk). */
class SlowWrites implements FileSystem {
  private readonly inner = new NodeFileSystem();
  constructor(private readonly delayMs: number) {}
  async open(path: string, mode: OpenMode): Promise<FileHandle> {
    const handle = await this.inner.open(path, mode);
    const delayMs = this.delayMs;
    return {
      read: (...args) => handle.read(...args),
      readSync: (...args) => handle.readSync(...args),
      async write(buffer, offset, length, position) {
        const written = handle.write(buffer, offset, length, position);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return written;
      },
      datasync: () => handle.datasync(),
      truncate: (bytes) => handle.truncate(bytes),
      sizeBytes: () => handle.sizeBytes(),
      close: () => handle.close(),
    };
  }
  readFile = (path: string) => this.inner.readFile(path);
  rename = (from: string, to: string) => this.inner.rename(from, to);
  unlink = (path: string) => this.inner.unlink(path);
  readdir = (dir: string) => this.inner.readdir(dir);
  mkdirp = (dir: string) => this.inner.mkdirp(dir);
  exists = (path: string) => this.inner.exists(path);
  syncDirectory = (dir: string) => this.inner.syncDirectory(dir);
}

async function open(dir: string, writeDelayMs: number, overlapWrites = true): Promise<Wal> {
  const wal = await Wal.open({
    dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    fsync: "group",
    fileSystem: new SlowWrites(writeDelayMs),
    preallocateBytes: 0,
    overlapWrites,
  });
  cleanups.push(() => wal.close());
  return wal;
}

/** Busy CPU for `ms` (a client's command between its acknowledgement and its next append). */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: the point is to keep the event loop busy, as a command would
  }
}

/** `clients` appenders, each appending `rounds` records, working `workMs` before each and awaiting each one. */
async function runClients(wal: Wal, clients: number, rounds: number, workMs: number): Promise<number[]> {
  const seqs: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let round = 0; round < rounds; round++) {
        work(workMs);
        seqs.push((await wal.append(payloadFor(client, round, 64))).seq);
      }
    }),
  );
  return seqs;
}

async function readAll(wal: Wal): Promise<WalRecord[]> {
  const all: WalRecord[] = [];
  for await (const record of wal.records()) all.push(record);
  return all;
}

describe("group commit batching", () => {
  it("writes half of a burst while the other half's clients still work, when a write takes at most half a burst", async () => {
    const temp = makeTempDir("gc-quick");
    cleanups.push(temp.remove);
    const wal = await open(temp.dir, 1);
    const clients = 16;
    const rounds = 12;
    // A burst: 16 x 3 ms of work = 48 ms; a write: ~1 ms.
    const seqs = await runClients(wal, clients, rounds, 3);
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: clients * rounds }, (_, i) => i));
    const { batchesWritten, recordsWritten } = wal.stats;
    expect(recordsWritten).toBe(clients * rounds);
    // One write per burst would be `rounds` batches of 16; overlapping halves writes about twice as many.
    expect(recordsWritten / batchesWritten).toBeLessThanOrEqual(12);
    expect((await readAll(wal)).map((record) => record.seq)).toEqual(seqs);
  });

  it("writes whole bursts unless overlapping is asked for (the default)", async () => {
    const temp = makeTempDir("gc-default");
    cleanups.push(temp.remove);
    const wal = await open(temp.dir, 1, false);
    await runClients(wal, 16, 6, 3);
    const { batchesWritten, recordsWritten } = wal.stats;
    expect(recordsWritten / batchesWritten).toBeGreaterThanOrEqual(13);
  });

  it("gathers a whole burst into one write when the disk is slower than the burst", async () => {
    const temp = makeTempDir("gc-slow");
    cleanups.push(temp.remove);
    const wal = await open(temp.dir, 60);
    const clients = 16;
    const rounds = 6;
    // A burst: 16 x 0.1 ms = 1.6 ms; a write: 60 ms.
    await runClients(wal, clients, rounds, 0.1);
    const { batchesWritten, recordsWritten } = wal.stats;
    expect(recordsWritten).toBe(clients * rounds);
    expect(recordsWritten / batchesWritten).toBeGreaterThanOrEqual(13);
  });

  it("close() writes every queued append, with clients mid-burst, before it releases the file", async () => {
    const temp = makeTempDir("gc-close");
    cleanups.push(temp.remove);
    const wal = await open(temp.dir, 2);
    let closed: Promise<void> | undefined;
    const appended: Promise<{ seq: number }>[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, client) => {
        for (let round = 0; closed === undefined; round++) {
          work(1);
          const append = wal.append(payloadFor(client, round, 64));
          appended.push(append);
          if (round === 5 && client === 3)
            closed = wal.close(); // mid-burst: other clients' appends are queued
          else await append;
        }
      }),
    );
    await closed;
    const results = await Promise.allSettled(appended);
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    const reopened = await Wal.open({ dir: temp.dir, schemaHash: test_schema_hash, registryHash: test_registry_hash });
    cleanups.push(() => reopened.close());
    expect(reopened.nextSeq).toBe(appended.length);
  });
});
