import { afterEach, describe, expect, it } from "vitest";
import { statSync } from "node:fs";
import { join } from "node:path";
import { log_file_name, Wal, WalError } from "./index.js";
import type { FsyncPolicy, WalRecord } from "./index.js";
import { wal_read_block_bytes } from "./limits.js";
import { makeTempDir, payloadFor, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openFresh(fsync: FsyncPolicy = "group", dir?: string): Promise<{ wal: Wal; dir: string }> {
  if (dir === undefined) {
    const temp = makeTempDir("append");
    cleanups.push(temp.remove);
    dir = temp.dir;
  }
  const wal = await Wal.open({ dir, schemaHash: test_schema_hash, registryHash: test_registry_hash, fsync });
  cleanups.push(() => wal.close());
  return { wal, dir };
}

async function collect(records: AsyncIterable<WalRecord>): Promise<WalRecord[]> {
  const all: WalRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe("Wal append and read", () => {
  for (const fsync of ["group", "per-record", "off"] as const) {
    it(`assigns contiguous seqs in call order and reads back identical payloads (fsync ${fsync})`, async () => {
      const { wal } = await openFresh(fsync);
      const payloads = Array.from({ length: 200 }, (_, seq) => payloadFor(1, seq, 300));
      const results = await Promise.all(payloads.map((payload) => wal.append(payload)));
      expect(results.map((r) => r.seq)).toEqual(payloads.map((_, seq) => seq));
      const read = await collect(wal.records());
      expect(read.map((r) => r.seq)).toEqual(results.map((r) => r.seq));
      read.forEach((record, seq) => expect(record.payload).toEqual(payloads[seq]));
    });
  }

  it("survives close and reopen, continuing the sequence", async () => {
    const { wal, dir } = await openFresh();
    await Promise.all([0, 1, 2].map((seq) => wal.append(payloadFor(2, seq, 50))));
    await wal.close();
    const { wal: reopened } = await openFresh("group", dir);
    expect(reopened.recovery.nextSeq).toBe(3);
    expect(reopened.recovery.tornTail).toBeUndefined();
    expect((await reopened.append(payloadFor(2, 3, 50))).seq).toBe(3);
    const read = await collect(reopened.records());
    read.forEach((record) => expect(record.payload).toEqual(payloadFor(2, record.seq, 50)));
    expect(read).toHaveLength(4);
  });

  it("group commit batches appends that arrive while an fsync runs", async () => {
    const { wal } = await openFresh("group");
    const first = wal.append(payloadFor(3, 0, 10));
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is now in its write/fsync
    const rest = Array.from({ length: 50 }, (_, i) => wal.append(payloadFor(3, i + 1, 10)));
    let settledBeforeFirst = 0;
    for (const append of rest) void append.then(() => settledBeforeFirst++);
    await first;
    expect(settledBeforeFirst).toBe(0); // none of the later ones can be durable before the first
    await Promise.all(rest);
    expect(wal.durableNextSeq).toBe(51);
  });

  it("reads from any seq using the offset index, before and after a reopen", async () => {
    const { wal, dir } = await openFresh("off");
    const total = 9000;
    const appends: Promise<{ seq: number }>[] = [];
    for (let seq = 0; seq < total; seq++) appends.push(wal.append(payloadFor(4, seq, 16)));
    await Promise.all(appends);
    for (const from of [0, 1, 4095, 4096, total - 1, total]) {
      const read = await collect(wal.records(from));
      expect(read.length).toBe(total - from);
      if (read.length > 0) expect(read[0]!.seq).toBe(from);
    }
    await wal.close();
    const { wal: reopened } = await openFresh("off", dir); // index rebuilt by the open scan
    const tail = await collect(reopened.records(4099));
    expect(tail[0]).toEqual({ seq: 4099, payload: payloadFor(4, 4099, 16) });
  });

  it("recordSync reads single records in any order, written before or after open, each verified", async () => {
    const { wal, dir } = await openFresh("off");
    const before = 3000;
    for (let seq = 0; seq < before; seq++) void wal.append(payloadFor(8, seq, 400));
    await wal.append(payloadFor(8, before, 400));
    await wal.close();
    const { wal: reopened } = await openFresh("off", dir);
    const after = 500;
    for (let seq = before + 1; seq <= before + after; seq++) await reopened.append(payloadFor(8, seq, 400));
    const end = before + after + 1;
    const order = Array.from({ length: end }, (_, i) => (i * 1009) % end); // back and forth across blocks
    for (const seq of order) {
      if (!Buffer.from(reopened.recordSync(seq)).equals(payloadFor(8, seq, 400))) expect.fail(`seq ${seq} differs`);
    }
    expect(() => reopened.recordSync(end)).toThrow(/seq must be a durable record, 0\.\.3500/);
    expect(() => reopened.recordSync(-1)).toThrow(WalError);
    // The log spans several read blocks, so reads miss, hit and evict cached blocks.
    expect(statSync(join(dir, log_file_name)).size).toBeGreaterThan(2 * wal_read_block_bytes);
  });

  it("grows the file in preallocation steps; reopen reads the zero tail as a clean end", async () => {
    const temp = makeTempDir("prealloc");
    cleanups.push(temp.remove);
    const options = {
      dir: temp.dir,
      schemaHash: test_schema_hash,
      registryHash: test_registry_hash,
      preallocateBytes: 4096,
    };
    const wal = await Wal.open(options);
    for (let seq = 0; seq < 100; seq++) await wal.append(payloadFor(6, seq, 300));
    await wal.close();
    const reopened = await Wal.open({ ...options, onWarning: (m) => expect.fail(m) });
    cleanups.push(() => reopened.close());
    expect(reopened.recovery.tornTail).toBeUndefined();
    const size = statSync(join(temp.dir, log_file_name)).size;
    expect(size).toBeGreaterThan(reopened.recovery.endOffset);
    expect(size).toBeLessThanOrEqual(reopened.recovery.endOffset + 4096);
    const read = await collect(reopened.records());
    expect(read).toHaveLength(100);
    read.forEach((record) => expect(Buffer.from(record.payload).equals(payloadFor(6, record.seq, 300))).toBe(true));
  });

  it("recordBatches yields the same records as records(), in bounded arrays", async () => {
    const { wal } = await openFresh("off");
    await Promise.all(Array.from({ length: 2500 }, (_, seq) => wal.append(payloadFor(8, seq, 20))));
    const sizes: number[] = [];
    const batched: WalRecord[] = [];
    for await (const batch of wal.recordBatches(3)) {
      sizes.push(batch.length);
      batched.push(...batch);
    }
    expect(sizes).toEqual([1024, 1024, 449]);
    expect(batched).toEqual(await collect(wal.records(3)));
  });

  it("rejects an oversized payload without consuming a seq", async () => {
    const { wal } = await openFresh();
    await expect(wal.append(new Uint8Array(16 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: "WAL_INVALID_ARGUMENT",
    });
    expect((await wal.append(Uint8Array.of(1))).seq).toBe(0);
  });

  it("rejects an unknown fsync policy or a bad preallocation size at open", async () => {
    const temp = makeTempDir("args");
    cleanups.push(temp.remove);
    const base = { dir: temp.dir, schemaHash: test_schema_hash, registryHash: test_registry_hash };
    await expect(Wal.open({ ...base, fsync: "sometimes" as FsyncPolicy })).rejects.toMatchObject({
      code: "WAL_INVALID_ARGUMENT",
      message: expect.stringContaining("group, per-record, off"),
    });
    await expect(Wal.open({ ...base, preallocateBytes: -1 })).rejects.toMatchObject({ code: "WAL_INVALID_ARGUMENT" });
  });

  it("rejects appends after close", async () => {
    const { wal } = await openFresh();
    await wal.close();
    await expect(wal.append(Uint8Array.of(1))).rejects.toMatchObject({ code: "WAL_CLOSED" });
  });
});
