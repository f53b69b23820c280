import { readFileSync, statSync, truncateSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, encodeHeader, log_file_name, record_magic, Wal, WalError } from "./index.js";
import { makeTempDir, payloadFor, seededRandom, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const record_count = 12;
const header_bytes = encodeHeader({
  schemaHash: test_schema_hash,
  registryHash: test_registry_hash,
  baseSeq: 0,
}).length;

/** A closed log of `record_count` records; returns its path and each record's start offset. */
async function writeLog(seed: number): Promise<{ dir: string; logPath: string; offsets: number[]; end: number }> {
  const temp = makeTempDir("recovery");
  cleanups.push(temp.remove);
  const wal = await Wal.open({
    dir: temp.dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    fsync: "off",
    preallocateBytes: 0, // these tests place bytes right after the last record
  });
  const offsets: number[] = [];
  let offset = header_bytes;
  for (let seq = 0; seq < record_count; seq++) {
    const payload = payloadFor(seed, seq, 64);
    offsets.push(offset);
    offset += 24 + payload.length;
    await wal.append(payload);
  }
  await wal.close();
  return { dir: temp.dir, logPath: join(temp.dir, log_file_name), offsets, end: offset };
}

async function reopen(dir: string, schemaHash = test_schema_hash, registryHash = test_registry_hash) {
  const warnings: string[] = [];
  const wal = await Wal.open({
    dir,
    schemaHash,
    registryHash,
    fsync: "off",
    preallocateBytes: 0,
    onWarning: (m) => warnings.push(m),
  });
  cleanups.push(() => wal.close());
  const seqs: number[] = [];
  for await (const record of wal.records()) seqs.push(record.seq);
  return { wal, warnings, seqs };
}

function flipBit(path: string, offset: number, bit: number): void {
  const bytes = readFileSync(path);
  bytes[offset]! ^= 1 << bit;
  writeFileSync(path, bytes);
}

async function expectRefusal(dir: string, logPath: string, code: string, offset?: number): Promise<WalError> {
  const before = readFileSync(logPath);
  const error = await Wal.open({ dir, schemaHash: test_schema_hash, registryHash: test_registry_hash }).then(
    () => expect.fail("open should refuse"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WalError);
  expect((error as WalError).code).toBe(code);
  if (offset !== undefined) {
    expect((error as WalError).offset).toBe(offset);
    expect((error as WalError).message).toContain(`byte offset ${offset}`);
  }
  expect(readFileSync(logPath).equals(before)).toBe(true); // a refusal changes nothing on disk
  return error as WalError;
}

describe("recovery of a torn tail", () => {
  it("truncates a last record cut at every possible byte, warning with its offset", async () => {
    const { dir, logPath, offsets, end } = await writeLog(1);
    const lastStart = offsets[record_count - 1]!;
    const pristine = readFileSync(logPath);
    for (let cut = lastStart + 1; cut < end; cut++) {
      writeFileSync(logPath, pristine.subarray(0, cut));
      const { wal, warnings, seqs } = await reopen(dir);
      expect(seqs).toEqual(Array.from({ length: record_count - 1 }, (_, i) => i));
      expect(wal.recovery.tornTail?.offset).toBe(lastStart);
      expect(warnings.join("\n")).toContain(`byte offset ${lastStart}`);
      await wal.close();
      expect(statSync(logPath).size).toBe(lastStart);
    }
  });

  it("reads zeros after the last record as preallocated space: a clean end, kept, then overwritten", async () => {
    const { dir, logPath, end } = await writeLog(2);
    appendFileSync(logPath, new Uint8Array(4096));
    const { wal, seqs, warnings } = await reopen(dir);
    expect(seqs).toHaveLength(record_count);
    expect(wal.recovery.tornTail).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(wal.recovery.endOffset).toBe(end);
    await wal.append(Uint8Array.of(1, 2, 3));
    await wal.close();
    expect(statSync(logPath).size).toBe(end + 4096);
    expect((await reopen(dir)).seqs).toHaveLength(record_count + 1);
  });

  it("truncates a partial record followed by zeros (a torn write into preallocated space)", async () => {
    const { dir, logPath, offsets } = await writeLog(9);
    const lastStart = offsets[record_count - 1]!;
    const bytes = readFileSync(logPath);
    bytes.fill(0, lastStart + 10);
    writeFileSync(logPath, Buffer.concat([bytes, new Uint8Array(4096)]));
    const { wal, seqs } = await reopen(dir);
    expect(seqs).toHaveLength(record_count - 1);
    expect(wal.recovery.tornTail?.offset).toBe(lastStart);
  });

  it("treats a flipped bit in the LAST record as a torn tail, and later appends reuse its seq", async () => {
    const { dir, logPath, offsets } = await writeLog(3);
    flipBit(logPath, offsets[record_count - 1]! + 22, 2); // a checksum byte
    const { wal, seqs } = await reopen(dir);
    expect(seqs).toHaveLength(record_count - 1);
    expect((await wal.append(Uint8Array.of(9))).seq).toBe(record_count - 1);
  });
});

describe("refusal of a damaged middle", () => {
  // Every byte of a middle frame: magic, version, reserved, length, seq, checksum, payload.
  it("refuses a flipped bit anywhere in a middle record, naming its offset and changing nothing", async () => {
    const { dir, logPath, offsets } = await writeLog(4);
    const victim = 5;
    const pristine = readFileSync(logPath);
    for (let at = offsets[victim]!; at < offsets[victim + 1]!; at++) {
      writeFileSync(logPath, pristine);
      flipBit(logPath, at, at % 8);
      const error = await expectRefusal(dir, logPath, "WAL_CORRUPT", offsets[victim]);
      expect(error.message).toContain(`seq ${victim}`);
    }
  });

  it("classifies seeded random bit flips: torn if in the last record, refused otherwise", async () => {
    const { dir, logPath, offsets, end } = await writeLog(5);
    const pristine = readFileSync(logPath);
    const random = seededRandom(55);
    for (let trial = 0; trial < 40; trial++) {
      writeFileSync(logPath, pristine);
      const at = header_bytes + Math.floor(random() * (end - header_bytes));
      flipBit(logPath, at, Math.floor(random() * 8));
      const hit = offsets.findLastIndex((start) => start <= at);
      if (hit === record_count - 1) {
        const { wal, seqs } = await reopen(dir);
        expect(seqs).toHaveLength(record_count - 1);
        await wal.close();
      } else {
        await expectRefusal(dir, logPath, "WAL_CORRUPT", offsets[hit]);
      }
    }
  });

  it("refuses a valid frame whose seq breaks contiguity", async () => {
    const { dir, logPath, end } = await writeLog(6);
    appendFileSync(logPath, encodeFrame(record_magic, record_count + 1, Uint8Array.of(1, 2, 3)));
    const error = await expectRefusal(dir, logPath, "WAL_CORRUPT", end);
    expect(error.message).toContain(`seq ${record_count} was expected`);
  });

  it("refuses a damaged header", async () => {
    const { dir, logPath } = await writeLog(7);
    flipBit(logPath, 30, 0);
    await expectRefusal(dir, logPath, "WAL_CORRUPT", 0);
    truncateSync(logPath, 5);
    await expectRefusal(dir, logPath, "WAL_CORRUPT", 0);
  });
});

describe("pinned hashes", () => {
  it("refuses a log written for another schema hash, saying which hash and both values", async () => {
    const { dir, logPath } = await writeLog(8);
    const other = "ab".repeat(32);
    const before = readFileSync(logPath);
    await expect(reopen(dir, other)).rejects.toThrow(
      new RegExp(`schema hash: expected ${other} \\(this build\\), found ${test_schema_hash}`),
    );
    await expect(reopen(dir, other)).rejects.toMatchObject({ code: "WAL_SCHEMA_MISMATCH" });
    await expect(reopen(dir, test_schema_hash, other)).rejects.toMatchObject({
      code: "WAL_REGISTRY_MISMATCH",
      message: expect.stringContaining(`registry hash: expected ${other} (this build), found ${test_registry_hash}`),
    });
    expect(readFileSync(logPath).equals(before)).toBe(true);
    const { seqs } = await reopen(dir); // and the lock was released by the refusals
    expect(seqs).toHaveLength(record_count);
  });

  it("rejects hash arguments that are not 64 lowercase hex characters", async () => {
    const temp = makeTempDir("hash");
    cleanups.push(temp.remove);
    await expect(
      Wal.open({ dir: temp.dir, schemaHash: "ABC", registryHash: test_registry_hash }),
    ).rejects.toMatchObject({ code: "WAL_INVALID_ARGUMENT" });
  });
});
