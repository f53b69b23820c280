// Kernel.open: history in the WAL, acknowledged by durable(), rebuilt at open from checkpoint + log with every
// entry verified; hash pins, the lock, divergence and damaged checkpoints.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeCanonical, decodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import type { DomainSpec } from "../domain/spec.js";
import { Wal, WalError } from "../wal/index.js";
import { makeTempDir } from "../wal/testing/fixtures.js";
import { encodeCheckpoint } from "./checkpoint.js";
import type { HistoryEntry } from "./history.js";
import { Kernel } from "./kernel.js";
import { checkpointNow, checkpointSettled, checkpointsWritten, recoveryOf } from "./open.js";
import type { KernelOpenOptions } from "./open.js";
import { ReplayDivergence } from "./replay-divergence.js";
import { workloadStep } from "./test-support/workload.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir("kernel");
  cleanups.push(temp.remove);
  return temp.dir;
}

async function open(
  dataDir: string,
  options: Partial<KernelOpenOptions> = {},
): Promise<{ kernel: Kernel; warnings: string[] }> {
  const warnings: string[] = [];
  const kernel = await Kernel.open({
    dataDir,
    domain: taskDomain,
    preallocateBytes: 64 * 1024,
    onWarning: (message) => warnings.push(message),
    ...options,
  });
  cleanups.push(() => kernel.close());
  return { kernel, warnings };
}

/** Everything a restart must reproduce: digests of every view, overlay states, every history entry's bytes. */
function observable(kernel: Kernel) {
  const overlays = kernel.listSws();
  return {
    nextIdx: kernel.nextIdx,
    system: kernel.graph("system"),
    overlays,
    openViews: overlays.filter((info) => info.state === "OPEN").map((info) => kernel.graph(info.view)),
    entries: Array.from({ length: kernel.nextIdx }, (_, idx) => Buffer.from(kernel.encodedEntry(idx)).toString("hex")),
    systemHistory: kernel.rewrites({ view: "system", first: 1000 }).items.map((entry) => entry.idx),
  };
}

function runWorkload(kernel: Kernel, steps: number, seed = 11): void {
  for (let i = 0; i < steps; i++) workloadStep(kernel, seed);
}

describe("Kernel.open", () => {
  it("restarts to the same digests, receipts and history, from a checkpoint and from the log alone", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 37 });
    runWorkload(kernel, 400);
    await kernel.durable();
    // A checkpoint is written after its entry is durable; wait for the writer before comparing.
    await kernel.close();
    const live = observable(kernel);
    expect(live.systemHistory.length).toBeGreaterThan(5); // the workload collapsed overlays

    const { kernel: reopened } = await open(dir, { checkpointEveryRecords: 37 });
    expect(observable(reopened)).toEqual(live);
    const recovery = recoveryOf(reopened)!;
    expect(recovery.checkpointNextIdx).not.toBeNull();
    expect(recovery.entriesLoaded + recovery.entriesReplayed).toBe(live.nextIdx);
    expect(recovery.entriesReplayed).toBeLessThan(live.nextIdx);
    // It carries on exactly as the uninterrupted kernel would.
    const reference = Kernel.create({ domain: taskDomain });
    runWorkload(reference, 400 + 50);
    runWorkload(reopened, 50);
    expect(observable(reopened)).toEqual(observable(reference));
    await reopened.close();

    for (const name of readdirSync(dir)) if (name.endsWith(".snap")) rmSync(join(dir, name));
    const { kernel: fromLog } = await open(dir, { checkpointEveryRecords: 0 });
    expect(recoveryOf(fromLog)).toMatchObject({ checkpointNextIdx: null, entriesLoaded: 0 });
    expect(observable(fromLog)).toEqual(observable(reference));
  }, 60_000);

  it("acknowledges through durable(): resolved entries are in the log", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir);
    const sws = kernel.createSws();
    const { receipt } = kernel.apply(sws, { op: "createTask", input: { title: "a", intent: "b" } });
    await kernel.durable(receipt.rewriteIdx);
    const wal = (await readLog(dir, kernel)).map((entry) => entry.idx);
    expect(wal).toEqual([0, 1]);
    await expect(kernel.durable(99)).rejects.toThrow(/no history entry 99/);
  });

  it("writes checkpoints every N entries and verifies them by digest when loading", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 25 });
    for (let i = 0; i < 200; i++) {
      workloadStep(kernel, 3);
      // One step at a time, and any checkpoint that fell due written before the next step. The kernel skips a
      // checkpoint that falls due while the one before is still being written; on a loaded machine that happens.
      await kernel.durable();
      await checkpointSettled(kernel);
    }
    await kernel.close();
    expect(checkpointsWritten(kernel)).toBe(8);
    const snaps = readdirSync(dir).filter((name) => name.endsWith(".snap"));
    expect(snaps).toEqual(["snapshot-0000000000000175.snap", "snapshot-0000000000000200.snap"]); // two kept
    const { kernel: reopened } = await open(dir);
    expect(recoveryOf(reopened)).toMatchObject({ checkpointNextIdx: 200, entriesLoaded: 200, entriesReplayed: 0 });
    expect(observable(reopened)).toEqual(observable(kernel));
  });

  it("writes a checkpoint on demand (checkpointNow) that the next open starts from", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 0 });
    runWorkload(kernel, 90);
    expect(await checkpointNow(kernel)).toBe(kernel.nextIdx);
    await kernel.close();
    const { kernel: reopened } = await open(dir);
    expect(recoveryOf(reopened)).toMatchObject({ checkpointNextIdx: 90, entriesReplayed: 0 });
    expect(observable(reopened)).toEqual(observable(kernel));
    await expect(checkpointNow(Kernel.create({ domain: taskDomain }))).rejects.toThrow(/needs a kernel opened/);
  });

  it("refuses a checkpoint whose content does not rebuild its digests, and replays the log instead", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 0 });
    runWorkload(kernel, 60);
    await kernel.close();
    const live = observable(kernel);
    // Forge a well-framed checkpoint that claims another system digest.
    const twin = Kernel.create({ domain: taskDomain });
    runWorkload(twin, 60);
    const capture = twin.captureCheckpoint();
    const forged = await encodeCheckpoint({ ...capture, system: { ...capture.system, digest: "ab".repeat(32) } });
    await writeSnapshot(dir, capture.nextIdx, forged);
    const { kernel: reopened, warnings } = await open(dir);
    expect(warnings.join("\n")).toMatch(
      /not using the checkpoint at idx 60 \(system view rebuilds to digest [0-9a-f]{64}, the checkpoint says (ab){32}\)/,
    );
    expect(recoveryOf(reopened)).toMatchObject({ checkpointNextIdx: null, entriesReplayed: 60 });
    expect(observable(reopened)).toEqual(live);
  });

  it("falls back to the older checkpoint when the newest file is damaged, with a warning", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 0 });
    runWorkload(kernel, 50);
    await checkpointNow(kernel);
    runWorkload(kernel, 30);
    const newestIdx = await checkpointNow(kernel);
    runWorkload(kernel, 10);
    await kernel.close();
    const newest = join(
      dir,
      readdirSync(dir)
        .filter((name) => name.endsWith(".snap"))
        .sort()
        .pop()!,
    );
    const bytes = readFileSync(newest);
    bytes[bytes.length - 1]! ^= 0x10;
    writeFileSync(newest, bytes);
    const { kernel: reopened, warnings } = await open(dir);
    expect(warnings.join("\n")).toContain(
      `not using the checkpoint at idx ${newestIdx} (snapshot ${newest} is damaged: checksum mismatch); trying an older one`,
    );
    expect(recoveryOf(reopened)).toMatchObject({ checkpointNextIdx: 50, entriesLoaded: 50 });
    expect(observable(reopened)).toEqual(observable(kernel));
  });

  it("refuses a checkpoint taken from another log", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 0 });
    runWorkload(kernel, 30, 1);
    await kernel.close();
    const other = Kernel.create({ domain: taskDomain });
    runWorkload(other, 30, 2);
    await writeSnapshot(dir, 30, await encodeCheckpoint(other.captureCheckpoint()));
    const { kernel: reopened, warnings } = await open(dir);
    expect(warnings.join("\n")).toContain("entry 29 in the log is not the entry the checkpoint was taken after");
    expect(observable(reopened)).toEqual(observable(kernel));
  });

  it("stops loudly when replay does not reproduce a logged entry, naming the idx", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir, { checkpointEveryRecords: 0 });
    runWorkload(kernel, 20);
    await kernel.close();
    const entries = Array.from({ length: kernel.nextIdx }, (_, idx) => kernel.encodedEntry(idx));
    // Rewrite the log with entry 12's receipt digest changed (a well-formed record: only replay can tell).
    rmSync(join(dir, "wal.log"));
    const wal = await Wal.open({
      dir,
      schemaHash: taskDomain.schemaHash,
      registryHash: taskDomain.registryHash,
      fsync: "off",
    });
    for (const [idx, bytes] of entries.entries()) {
      if (idx !== 12) {
        void wal.append(bytes);
        continue;
      }
      const entry = decodeCanonical(bytes) as unknown as HistoryEntry;
      const forged = { ...entry, receipt: { ...entry.receipt, viewDigest: "cd".repeat(32) } };
      void wal.append(encodeCanonical(forged as unknown as CanonicalValue));
    }
    await wal.close();
    const error = await Kernel.open({ dataDir: dir, domain: taskDomain }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplayDivergence);
    expect((error as ReplayDivergence).idx).toBe(12);
    expect((error as Error).message).toMatch(/replay diverged at idx 12: recorded .* replay gives/);
    // The directory was released: a fixed build could open it.
    const again = await Kernel.open({ dataDir: dir, domain: taskDomain }).catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(ReplayDivergence);
  });

  it("refuses a data directory written for another schema or registry hash, saying which", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir);
    kernel.createSws();
    await kernel.close();
    const other = (change: Partial<DomainSpec>): DomainSpec => ({ ...taskDomain, ...change });
    const schema = await Kernel.open({ dataDir: dir, domain: other({ schemaHash: "1".repeat(64) }) }).catch(
      (e: unknown) => e,
    );
    expect(schema).toBeInstanceOf(WalError);
    expect(schema).toMatchObject({ code: "WAL_SCHEMA_MISMATCH" });
    expect((schema as Error).message).toContain(
      `another schema hash: expected ${"1".repeat(64)} (this build), found ${"0".repeat(64)}`,
    );
    const registry = await Kernel.open({ dataDir: dir, domain: other({ registryHash: "2".repeat(64) }) }).catch(
      (e: unknown) => e,
    );
    expect(registry).toMatchObject({ code: "WAL_REGISTRY_MISMATCH" });
    expect((registry as Error).message).toContain("another registry hash");
  });

  it("lets one owner at a time open a data directory", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir);
    const second = await Kernel.open({ dataDir: dir, domain: taskDomain }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: "WAL_LOCKED" });
    expect((second as Error).message).toContain(`data directory ${dir} is already open in this process`);
    await kernel.close();
    const { kernel: after } = await open(dir);
    expect(after.nextIdx).toBe(0);
  });

  it("refuses commands after close() before changing anything, and a reopen has exactly what was applied", async () => {
    const dir = tempDir();
    const { kernel } = await open(dir);
    const sws = kernel.createSws();
    kernel.apply(sws, { op: "createTask", input: { title: "kept", intent: "b" } });
    const before = observable(kernel);
    await kernel.close();
    expect(() => kernel.apply(sws, { op: "createTask", input: { title: "lost?", intent: "b" } })).toThrow(
      /the kernel is closed/,
    );
    expect(() => kernel.createSws()).toThrow(/the kernel is closed/);
    expect(observable(kernel)).toEqual(before);
    await kernel.close(); // a second close is harmless
    await expect(kernel.durable()).resolves.toBeUndefined(); // what was applied before close stays acknowledged
    const { kernel: reopened } = await open(dir);
    expect(observable(reopened)).toEqual(before);
  });

  it("accepts the generated package as `generated`", async () => {
    const dir = tempDir();
    const kernel = await Kernel.open({ dataDir: dir, generated: { domain: taskDomain }, fsync: "per-record" });
    cleanups.push(() => kernel.close());
    expect(kernel.createSws()).toBe("0");
    await kernel.durable();
  });
});

async function readLog(dir: string, owner: Kernel): Promise<HistoryEntry[]> {
  await owner.close();
  const wal = await Wal.open({ dir, schemaHash: taskDomain.schemaHash, registryHash: taskDomain.registryHash });
  const out: HistoryEntry[] = [];
  for await (const record of wal.records()) out.push(decodeCanonical(record.payload) as unknown as HistoryEntry);
  await wal.close();
  return out;
}

async function writeSnapshot(dir: string, nextSeq: number, payload: Uint8Array): Promise<void> {
  const wal = await Wal.open({ dir, schemaHash: taskDomain.schemaHash, registryHash: taskDomain.registryHash });
  await wal.writeSnapshot(nextSeq, payload);
  await wal.close();
}
