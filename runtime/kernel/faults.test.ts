// Injected storage faults under a durable kernel (docs/wal.md, "Failures while running"): each gives its
// documented behaviour and never a silently wrong state. After every fault, a restart holds every acknowledged
// entry and equals a reference kernel (in memory) fed the same workload up to the recovered idx.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { KernelError } from "../errors/index.js";
import { FaultyFileSystem, NodeFileSystem } from "../storage/index.js";
import { WalError, log_file_name } from "../wal/index.js";
import { makeTempDir } from "../wal/testing/fixtures.js";
import { Kernel } from "./kernel.js";
import { workloadStep } from "./test-support/workload.js";

const seed = 5;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openKernel(dir: string, faults?: FaultyFileSystem): Promise<Kernel> {
  const kernel = await Kernel.open({
    dataDir: dir,
    domain: taskDomain,
    preallocateBytes: 4096, // small: faults also land in the zero fill that grows the file
    checkpointEveryRecords: 0,
    onWarning: () => undefined,
    ...(faults !== undefined && { fileSystem: faults }),
  });
  cleanups.push(() => kernel.close());
  return kernel;
}

function setup(): { dir: string; faults: FaultyFileSystem } {
  const temp = makeTempDir("kernel-faults");
  cleanups.push(temp.remove);
  return { dir: temp.dir, faults: new FaultyFileSystem(new NodeFileSystem(), log_file_name) };
}

/** Steps the workload `count` times, awaiting durability after each, so every applied entry is acknowledged. */
async function acknowledgedSteps(kernel: Kernel, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    workloadStep(kernel, seed);
    await kernel.durable();
  }
}

function referenceAt(nextIdx: number): Kernel {
  const reference = Kernel.create({ domain: taskDomain });
  while (reference.nextIdx < nextIdx) workloadStep(reference, seed);
  return reference;
}

function expectSameAs(kernel: Kernel, reference: Kernel): void {
  expect(kernel.nextIdx).toBe(reference.nextIdx);
  expect(kernel.graph("system")).toEqual(reference.graph("system"));
  expect(kernel.listSws()).toEqual(reference.listSws());
  for (let idx = 0; idx < kernel.nextIdx; idx++) expect(kernel.encodedEntry(idx)).toEqual(reference.encodedEntry(idx));
}

/** Applies more entries while a fault is armed: durable() must reject and the kernel must stop. */
async function expectStopsOnFault(kernel: Kernel): Promise<void> {
  for (let i = 0; i < 5; i++) workloadStep(kernel, seed);
  const failure = await kernel.durable().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(KernelError);
  expect(failure).toMatchObject({ code: "INTERNAL" });
  expect((failure as Error).message).toMatch(/the write-ahead log failed .*WAL_POISONED|the write-ahead log failed/);
  expect(() => kernel.createSws()).toThrow(/accepts no more commands/);
  await kernel.close();
}

describe("storage faults under a durable kernel", () => {
  it("short writes: loops until written; everything is acknowledged and restarts equal", async () => {
    const { dir, faults } = setup();
    const kernel = await openKernel(dir, faults);
    faults.shortWriteBytesMax = 97; // each piece is its own O_DSYNC write, so tiny pieces make this slow
    await acknowledgedSteps(kernel, 60);
    expect(faults.injectedFaults).toBeGreaterThan(0);
    await kernel.close();
    expectSameAs(await openKernel(dir), referenceAt(kernel.nextIdx));
  });

  it("a failing fsync: durable() rejects, the kernel stops, a restart keeps every acknowledged entry", async () => {
    const { dir, faults } = setup();
    const kernel = await openKernel(dir, faults);
    await acknowledgedSteps(kernel, 40);
    const acknowledged = kernel.nextIdx;
    faults.failingSyncs = 1;
    await expectStopsOnFault(kernel);
    expect(faults.injectedFaults).toBe(1);
    const reopened = await openKernel(dir);
    expect(reopened.nextIdx).toBeGreaterThanOrEqual(acknowledged);
    expectSameAs(reopened, referenceAt(reopened.nextIdx));
  });

  it("a full disk: same as a failing write; what was acknowledged survives", async () => {
    const { dir, faults } = setup();
    const kernel = await openKernel(dir, faults);
    await acknowledgedSteps(kernel, 40);
    const acknowledged = kernel.nextIdx;
    faults.diskFreeBytes = 300; // the next batch or the zero fill after it runs out of space
    await expectStopsOnFault(kernel);
    expect(faults.injectedFaults).toBeGreaterThan(0);
    const reopened = await openKernel(dir);
    expect(reopened.nextIdx).toBeGreaterThanOrEqual(acknowledged);
    expectSameAs(reopened, referenceAt(reopened.nextIdx));
  });

  it("a flipped bit in the middle of the log: open refuses with the offset and changes nothing", async () => {
    const { dir } = setup();
    const kernel = await openKernel(dir);
    await acknowledgedSteps(kernel, 50);
    await kernel.close();
    const path = join(dir, log_file_name);
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.indexOf(Buffer.from("JREC"), 2000) + 40); // inside a record's payload
    bytes[middle]! ^= 0x10;
    writeFileSync(path, bytes);
    const before = createHash("sha256").update(readFileSync(path)).digest("hex");
    const error = await Kernel.open({ dataDir: dir, domain: taskDomain }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WalError);
    expect(error).toMatchObject({ code: "WAL_CORRUPT" });
    expect((error as WalError).offset).toBeLessThanOrEqual(middle);
    expect((error as Error).message).toMatch(/byte offset \d+/);
    expect(createHash("sha256").update(readFileSync(path)).digest("hex")).toBe(before);
    // Refused, not locked: the directory is free for a repair tool.
    const again = await Kernel.open({ dataDir: dir, domain: taskDomain }).catch((caught: unknown) => caught);
    expect(again).toMatchObject({ code: "WAL_CORRUPT" });
  });
});
