// History below a checkpoint is not loaded at open: it stays in the WAL and is read back on demand
// (docs/adr/0068-lazy-history-below-checkpoint.md). Every history read must answer exactly as a kernel that kept
// the whole history in memory: the reference here is an in-memory kernel fed the same seeded workload.
import { closeSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { isKernelError } from "../errors/index.js";
import { WalError, frame_header_bytes, log_file_name, wal_read_block_bytes } from "../wal/index.js";
import { header_fixed_bytes } from "../wal/header.js";
import { makeTempDir } from "../wal/testing/fixtures.js";
import { Kernel } from "./kernel.js";
import { checkpointNow, recoveryOf } from "./open.js";
import { workloadStep } from "./test-support/workload.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const seed = 23;

async function openDurable(dataDir: string): Promise<Kernel> {
  const kernel = await Kernel.open({
    dataDir,
    domain: taskDomain,
    preallocateBytes: 64 * 1024,
    checkpointEveryRecords: 0,
    onWarning: () => undefined,
  });
  cleanups.push(() => kernel.close());
  return kernel;
}

/**
 * A data directory holding `steps` workload entries with a checkpoint after the first `checkpointAt` of them, and
 * an in-memory kernel that ran the same steps (the reference).
 */
async function durableAndReference(steps: number, checkpointAt: number): Promise<{ dir: string; reference: Kernel }> {
  const temp = makeTempDir("stored-history");
  cleanups.push(temp.remove);
  const reference = Kernel.create({ domain: taskDomain });
  const writer = await openDurable(temp.dir);
  for (let i = 0; i < steps; i++) {
    workloadStep(writer, seed);
    workloadStep(reference, seed);
    if (i === checkpointAt - 1) await checkpointNow(writer);
  }
  await writer.close();
  return { dir: temp.dir, reference };
}

/** Every view that appears in the reference's history, plus "system" and an overlay that never existed. */
function viewsOf(kernel: Kernel): string[] {
  return ["system", ...kernel.listSws().map((info) => info.view), "sws:99999"];
}

/** All pages of `view` (null: every entry) with page size `first`, as the entries' JSON. */
function allPages(kernel: Kernel, view: string | null, first: number): string[] {
  const out: string[] = [];
  for (let after: number | null = null; ;) {
    const page = kernel.rewrites({ first, after, ...(view === null ? {} : { view }) });
    out.push(...page.items.map((entry) => JSON.stringify(entry)));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

describe("history below a checkpoint, read from the WAL on demand", () => {
  it("answers encodedEntry and rewrites exactly as an in-memory kernel, in any order and for every view", async () => {
    // ~1,500 entries: a log of several read blocks, so reads cross block boundaries and evict cached blocks.
    const { dir, reference } = await durableAndReference(1500, 1200);
    const kernel = await openDurable(dir);
    const recovery = recoveryOf(kernel)!;
    expect(recovery.checkpointNextIdx).toBe(recovery.entriesLoaded);
    expect(recovery.entriesLoaded).toBeGreaterThan(1000); // below the checkpoint: stored, not loaded
    expect(recovery.entriesReplayed).toBeGreaterThan(0); // above it: run again
    expect(kernel.nextIdx).toBe(reference.nextIdx);

    const idxs = Array.from({ length: reference.nextIdx }, (_, idx) => idx);
    const descending = [...idxs].reverse();
    const strided = idxs.map((_, i) => (i * 7919) % reference.nextIdx); // jumps back and forth across blocks
    for (const order of [idxs, descending, strided]) {
      for (const idx of order) expect(hex(kernel.encodedEntry(idx))).toBe(hex(reference.encodedEntry(idx)));
    }
    for (const first of [1, 7, 100]) {
      expect(allPages(kernel, null, first)).toEqual(allPages(reference, null, first));
    }
    for (const view of viewsOf(reference)) {
      expect(allPages(kernel, view, 50)).toEqual(allPages(reference, view, 50));
    }
    // A page starting below the checkpoint and ending above it.
    const around = recovery.entriesLoaded - 3;
    expect(kernel.rewrites({ after: around, first: 10 })).toEqual(reference.rewrites({ after: around, first: 10 }));

    // Both carry on with the same commands: new entries go to memory, the stored prefix stays the same.
    for (let i = 0; i < 200; i++) {
      workloadStep(kernel, seed);
      workloadStep(reference, seed);
    }
    expect(allPages(kernel, "system", 100)).toEqual(allPages(reference, "system", 100));
    expect(kernel.graph("system")).toEqual(reference.graph("system"));
    for (const idx of [0, recovery.entriesLoaded - 1, recovery.entriesLoaded, kernel.nextIdx - 1]) {
      expect(hex(kernel.encodedEntry(idx))).toBe(hex(reference.encodedEntry(idx)));
    }
  });

  it("refuses a stored entry that changed on disk after open, naming the offset, instead of returning it", async () => {
    const { dir } = await durableAndReference(1500, 1500);
    const kernel = await openDurable(dir);
    expect(recoveryOf(kernel)!.entriesLoaded).toBe(kernel.nextIdx);
    const path = join(dir, log_file_name);
    // The open read only the last entry's block; the log spans more than one, so entry 1's block is still unread.
    expect(statSync(path).size).toBeGreaterThan(2 * wal_read_block_bytes);
    const target = 1;
    const fd = openSync(path, "r+");
    const offset = findRecordOffset(fd, target);
    flipByte(fd, offset + frame_header_bytes + 5);
    closeSync(fd);

    let thrown: unknown;
    try {
      kernel.encodedEntry(target);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WalError);
    expect((thrown as WalError).code).toBe("WAL_CORRUPT");
    expect((thrown as WalError).offset).toBe(offset);
    expect((thrown as WalError).message).toContain(`seq ${target} at byte offset ${offset}`);
    // Intact entries still read, in the same block and elsewhere.
    expect(kernel.encodedEntry(0).length).toBeGreaterThan(0);
    expect(kernel.encodedEntry(kernel.nextIdx - 1).length).toBeGreaterThan(0);
  });

  it("says why once the kernel is closed, rather than failing on a closed file", async () => {
    const { dir } = await durableAndReference(50, 50);
    const kernel = await openDurable(dir);
    expect(recoveryOf(kernel)!.entriesLoaded).toBe(50);
    await kernel.close();
    let thrown: unknown;
    try {
      kernel.encodedEntry(3);
    } catch (error) {
      thrown = error;
    }
    expect(isKernelError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/history entry 3 is read from the data directory's log.*close\(\)/);
  });
});

/** Byte offset of record `seq`, found by walking frame headers from the start of the log (test-side, no WAL code). */
function findRecordOffset(fd: number, seq: number): number {
  const fixed = Buffer.alloc(header_fixed_bytes);
  readSync(fd, fixed, 0, header_fixed_bytes, 0);
  // File header: magic (8), version (2), reserved (2), payload length (4), checksum (4), payload (docs/wal.md).
  let at = header_fixed_bytes + fixed.readUInt32BE(12);
  const header = Buffer.alloc(frame_header_bytes);
  for (;;) {
    readSync(fd, header, 0, frame_header_bytes, at);
    const found = header.readUInt32BE(16) * 0x1_0000_0000 + header.readUInt32BE(20);
    if (found === seq) return at;
    at += frame_header_bytes + header.readUInt32BE(12);
  }
}

function flipByte(fd: number, at: number): void {
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0x40;
  writeSync(fd, byte, 0, 1, at);
}
