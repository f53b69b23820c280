// `jitosctl replay --verify` on real data directories written by Kernel.open: OK with counts and the final digest,
// and each way a directory can be wrong (diverging entry, damaged middle, mismatching checkpoint, torn tail,
// locked, other schema) with its exit code. In-process through runJitosctl, plus the real executable once.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { decodeCanonical, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import { encodeCheckpoint } from "../kernel/checkpoint.js";
import type { HistoryEntry } from "../kernel/history.js";
import { Kernel } from "../kernel/kernel.js";
import { workloadStep } from "../kernel/test-support/workload.js";
import { Wal, log_file_name } from "../wal/index.js";
import { makeTempDir } from "../wal/testing/fixtures.js";
import { exit_diverged, exit_locked, exit_ok, exit_refused, exit_usage } from "./exit-codes.js";
import { runJitosctl } from "./program.js";

const generated = fileURLToPath(new URL("./testing/sample-generated.ts", import.meta.url));
const main = fileURLToPath(new URL("./main.ts", import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function jitosctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (text: string) => void (stdout += text) },
    stderr: { write: (text: string) => void (stderr += text) },
  };
  const code = await runJitosctl(args, io);
  return { code, stdout, stderr };
}

/** A data directory with `steps` workload entries (overlays, rewrites, collapses, conflicts), closed cleanly. */
async function dataDir(steps: number, checkpointEveryRecords = 0): Promise<{ dir: string; kernel: Kernel }> {
  const temp = makeTempDir("jitosctl");
  cleanups.push(temp.remove);
  const kernel = await Kernel.open({
    dataDir: temp.dir,
    domain: taskDomain,
    checkpointEveryRecords,
    onWarning: () => undefined,
  });
  for (let i = 0; i < steps; i++) {
    workloadStep(kernel, 21);
    if (checkpointEveryRecords > 0) await kernel.durable();
  }
  await kernel.close();
  return { dir: temp.dir, kernel };
}

const fileHash = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("jitosctl replay --verify", () => {
  it("prints OK with counts, the final digest and the checkpoint it checked", async () => {
    const { dir, kernel } = await dataDir(150, 40);
    const before = fileHash(join(dir, log_file_name));
    const { code, stdout, stderr } = await jitosctl("replay", "--verify", "--data-dir", dir, "--generated", generated);
    expect(stderr).toBe("");
    expect(code).toBe(exit_ok);
    expect(stdout).toContain(`OK: replayed ${kernel.nextIdx} entries: `);
    expect(stdout).toMatch(/\d+ sws\.collapse \(\d+ committed, \d+ conflicts\)/);
    expect(stdout).toContain(`system digest ${kernel.graph("system").digest}`);
    expect(stdout).toContain("checkpoint at idx 120: matches the replayed state");
    expect(fileHash(join(dir, log_file_name))).toBe(before); // read-only

    const json = await jitosctl("replay", "--data-dir", dir, "--generated", generated, "--json");
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true,
      entries: kernel.nextIdx,
      system: { digest: kernel.graph("system").digest },
      checkpoint: { nextIdx: 120, matches: true },
      divergence: null,
    });
  });

  it("prints the first divergence: idx, expected and actual receipt", async () => {
    const { dir, kernel } = await dataDir(30);
    const entries = Array.from({ length: kernel.nextIdx }, (_, idx) => kernel.encodedEntry(idx));
    rmSync(join(dir, log_file_name));
    const wal = await Wal.open({
      dir,
      schemaHash: taskDomain.schemaHash,
      registryHash: taskDomain.registryHash,
      fsync: "off",
    });
    let forgedReceipt: unknown;
    for (const [idx, bytes] of entries.entries()) {
      let payload = bytes;
      if (idx === 17) {
        const entry = decodeCanonical(bytes) as unknown as HistoryEntry;
        forgedReceipt = { ...entry.receipt, viewDigest: "ee".repeat(32) };
        payload = encodeCanonical({ ...entry, receipt: forgedReceipt } as unknown as CanonicalValue);
      }
      void wal.append(payload);
    }
    await wal.close();
    const { code, stdout } = await jitosctl("replay", "--verify", "--data-dir", dir, "--generated", generated);
    expect(code).toBe(exit_diverged);
    expect(stdout).toMatch(/^DIVERGED at idx 17 \(\S+ on \S+\)\n/);
    expect(stdout).toContain(`  expected: ${JSON.stringify(forgedReceipt)}`);
    expect(stdout).toMatch(/ {2}actual: {3}\{.*"viewDigest":"[0-9a-f]{64}"/);
    expect(stdout).toContain("entries 0..16 replayed and matched");
    const json = JSON.parse((await jitosctl("replay", "--data-dir", dir, "--generated", generated, "--json")).stdout);
    expect(json).toMatchObject({ ok: false, entries: 17, divergence: { idx: 17 } });
  });

  it("refuses a log with a flipped bit in the middle (exit 3, offset named) and changes nothing", async () => {
    const { dir } = await dataDir(60);
    const path = join(dir, log_file_name);
    const bytes = readFileSync(path);
    bytes[bytes.indexOf(Buffer.from("JREC"), 3000) + 30]! ^= 0x04;
    writeFileSync(path, bytes);
    const before = fileHash(path);
    const { code, stderr } = await jitosctl("replay", "--verify", "--data-dir", dir, "--generated", generated);
    expect(code).toBe(exit_refused);
    expect(stderr).toMatch(/jitosctl replay: .*wal\.log.* byte offset \d+/);
    expect(fileHash(path)).toBe(before);
    const json = JSON.parse((await jitosctl("replay", "-d", dir, "-g", generated, "--json")).stdout);
    expect(json).toMatchObject({ ok: false, error: { code: "WAL_CORRUPT" } });
  });

  it("reports a checkpoint that does not match the replayed state", async () => {
    const { dir, kernel } = await dataDir(50);
    const other = Kernel.create({ domain: taskDomain });
    while (other.nextIdx < kernel.nextIdx) workloadStep(other, 99); // same length, other history
    const wal = await Wal.open({ dir, schemaHash: taskDomain.schemaHash, registryHash: taskDomain.registryHash });
    await wal.writeSnapshot(other.nextIdx, await encodeCheckpoint(other.captureCheckpoint()));
    await wal.close();
    const { code, stdout } = await jitosctl("replay", "--verify", "--data-dir", dir, "--generated", generated);
    expect(code).toBe(exit_diverged);
    expect(stdout).toMatch(new RegExp(`checkpoint at idx ${kernel.nextIdx}: DOES NOT MATCH: system digest`));
  });

  it("reports a torn tail without truncating it", async () => {
    const { dir, kernel } = await dataDir(20);
    const path = join(dir, log_file_name);
    // Overwrite the zero-filled preallocation right after the last record with half a frame.
    const bytes = readFileSync(path);
    const end = bytes.lastIndexOf(Buffer.from("JREC"));
    const tornAt =
      end + 4 + bytes.subarray(end + 4).findIndex((_, i, all) => all.subarray(i, i + 64).every((b) => b === 0));
    Buffer.from("JREC\x00\x00\x00\x01garbage").copy(bytes, tornAt);
    writeFileSync(path, bytes);
    const before = fileHash(path);
    const { code, stdout, stderr } = await jitosctl("replay", "--data-dir", dir, "--generated", generated);
    expect(code).toBe(exit_ok);
    expect(stdout).toContain(`OK: replayed ${kernel.nextIdx} entries`);
    expect(stdout).toMatch(/torn tail at byte offset \d+ .*left in place/);
    expect(stderr).toMatch(/found \(not truncated: opened read-only\) a torn tail/);
    expect(fileHash(path)).toBe(before);
  });

  it("exit 4 while a kernel owns the directory, exit 3 for another schema, a missing log, exit 2 for usage", async () => {
    const { dir } = await dataDir(5);
    const owner = await Kernel.open({ dataDir: dir, domain: taskDomain });
    const locked = await jitosctl("replay", "--data-dir", dir, "--generated", generated);
    expect(locked.code).toBe(exit_locked);
    expect(locked.stderr).toContain("already open in this process");
    await owner.close();

    const schema = await jitosctl("replay", "--data-dir", dir); // default: the kernel's own generated/
    expect(schema.code).toBe(exit_refused);
    expect(schema.stderr).toContain("was written for another schema hash");
    expect(schema.stderr).toContain("--generated <module>");

    const missing = await jitosctl("replay", "--data-dir", join(dir, "nope"), "--generated", generated);
    expect(missing.code).toBe(exit_refused);
    expect(missing.stderr).toContain("no write-ahead log at");

    expect((await jitosctl("replay")).code).toBe(exit_usage);
    expect((await jitosctl("replay", "--data-dir", dir, "--bogus")).code).toBe(exit_usage);
  });

  it("runs as an executable with --help and documented exit codes", async () => {
    const { dir, kernel } = await dataDir(10);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", main, ...args], { encoding: "utf8", timeout: 60_000 });
    const help = run("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("replay");
    const replayHelp = run("replay", "--help");
    expect(replayHelp.stdout).toContain("Exit codes: 0 OK, 1 diverged");
    const ok = run("replay", "--verify", "--data-dir", dir, "--generated", generated);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`system digest ${kernel.graph("system").digest}`);
  }, 60_000);
});
