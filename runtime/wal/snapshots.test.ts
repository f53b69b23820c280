import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Wal, wal_snapshot_piece_bytes } from "./index.js";
import type { SnapshotFile } from "./index.js";
import { snapshotFileName } from "./snapshot-store.js";
import { makeTempDir, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openWithRecords(count: number, dir?: string) {
  if (dir === undefined) {
    const temp = makeTempDir("snap");
    cleanups.push(temp.remove);
    dir = temp.dir;
  }
  const warnings: string[] = [];
  const wal = await Wal.open({
    dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    onWarning: (m) => warnings.push(m),
  });
  cleanups.push(() => wal.close());
  await Promise.all(Array.from({ length: count }, (_, i) => wal.append(Uint8Array.of(i))));
  return { wal, dir, warnings };
}

const payload = (tag: number) => Uint8Array.of(0xa1, tag, tag, tag);

describe("snapshots", () => {
  it("returns the newest snapshot, survives reopen, and replay resumes at its nextSeq", async () => {
    const { wal, dir } = await openWithRecords(10);
    expect(await wal.latestSnapshot()).toBeUndefined();
    await wal.writeSnapshot(4, payload(4));
    await wal.writeSnapshot(8, payload(8));
    expect(await wal.latestSnapshot()).toEqual({ nextSeq: 8, payload: payload(8) });
    await wal.close();
    const { wal: reopened } = await openWithRecords(0, dir);
    const snapshot = await reopened.latestSnapshot();
    expect(snapshot?.nextSeq).toBe(8);
    const rest: number[] = [];
    for await (const record of reopened.records(snapshot!.nextSeq)) rest.push(record.seq);
    expect(rest).toEqual([8, 9]);
  });

  it("refuses a snapshot ahead of the durable log", async () => {
    const { wal } = await openWithRecords(3);
    await expect(wal.writeSnapshot(4, payload(1))).rejects.toMatchObject({ code: "WAL_INVALID_ARGUMENT" });
  });

  it("falls back to an older snapshot when the newest is damaged, with a warning", async () => {
    const { wal, dir, warnings } = await openWithRecords(10);
    await wal.writeSnapshot(5, payload(5));
    await wal.writeSnapshot(9, payload(9));
    const newest = join(dir, snapshotFileName(9));
    const bytes = readFileSync(newest);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(newest, bytes);
    expect(await wal.latestSnapshot()).toEqual({ nextSeq: 5, payload: payload(5) });
    expect(warnings.join("\n")).toContain(`ignoring damaged snapshot ${newest}: checksum mismatch`);
  });

  it("reads a snapshot in pieces, checking its checksum at the end and its header before any piece", async () => {
    const { wal, dir } = await openWithRecords(10);
    const big = new Uint8Array(wal_snapshot_piece_bytes * 2 + 123).map((_, i) => (i * 7) & 0xff);
    await wal.writeSnapshot(4, payload(4));
    await wal.writeSnapshot(9, big);
    const collect = async (file: SnapshotFile): Promise<Uint8Array> => {
      const parts: Uint8Array[] = [];
      for await (const piece of file.pieces()) parts.push(piece.slice()); // views of a reused buffer
      return Buffer.concat(parts);
    };
    const files = await wal.snapshotFiles();
    expect(files.map((file) => file.nextSeq)).toEqual([9, 4]); // newest first
    // Buffer.equals: a deep toEqual over 2 MiB takes seconds.
    expect(Buffer.from(await collect(files[0]!)).equals(big)).toBe(true);
    expect(Buffer.from(await collect(files[1]!)).equals(payload(4))).toBe(true);

    const newest = join(dir, snapshotFileName(9));
    const bytes = readFileSync(newest);
    bytes[bytes.length - 5]! ^= 1; // in the last piece
    writeFileSync(newest, bytes);
    let pieces = 0;
    await expect(
      (async () => {
        for await (const piece of files[0]!.pieces()) pieces += piece.length > 0 ? 1 : 0;
      })(),
    ).rejects.toMatchObject({ code: "WAL_CORRUPT", message: expect.stringContaining("checksum mismatch") });
    expect(pieces).toBe(3); // every piece came, then the verdict
    bytes[16]! ^= 1; // the seq field of the header
    writeFileSync(newest, bytes);
    await expect(collect(files[0]!)).rejects.toMatchObject({
      message: expect.stringContaining("does not match the file name"),
    });
  });

  it("ignores a snapshot that covers records the log no longer has", async () => {
    const { wal, dir } = await openWithRecords(3);
    await wal.writeSnapshot(3, payload(3));
    await wal.close();
    const temp = makeTempDir("snap-other");
    cleanups.push(temp.remove);
    writeFileSync(join(temp.dir, snapshotFileName(3)), readFileSync(join(dir, snapshotFileName(3))));
    const { wal: fresh, warnings } = await openWithRecords(2, temp.dir);
    expect(await fresh.latestSnapshot()).toBeUndefined();
    expect(warnings.join("\n")).toContain("ignoring snapshot");
  });

  it("keeps only the newest two snapshot files and removes temp files a crash left", async () => {
    const { wal, dir } = await openWithRecords(6);
    for (const nextSeq of [1, 2, 3, 4]) await wal.writeSnapshot(nextSeq, payload(nextSeq));
    expect(readdirSync(dir).filter((n) => n.endsWith(".snap"))).toEqual([snapshotFileName(3), snapshotFileName(4)]);
    await wal.close();
    const leftover = join(dir, `${snapshotFileName(5)}.tmp`);
    writeFileSync(leftover, "partial");
    await openWithRecords(0, dir);
    expect(existsSync(leftover)).toBe(false);
  });
});
