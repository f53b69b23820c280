import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Wal } from "./index.js";
import { startChild } from "./testing/child-process.js";
import { makeTempDir, test_registry_hash, test_schema_hash } from "./testing/fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir("lock");
  cleanups.push(temp.remove);
  return temp.dir;
}

function open(dir: string, onWarning?: (message: string) => void): Promise<Wal> {
  return Wal.open({
    dir,
    schemaHash: test_schema_hash,
    registryHash: test_registry_hash,
    ...(onWarning && { onWarning }),
  });
}

describe("data directory lock", () => {
  it("refuses a second open in the same process, naming the dir and pid", async () => {
    const dir = tempDir();
    const first = await open(dir);
    cleanups.push(() => first.close());
    const error = await open(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "WAL_LOCKED" });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    await first.close();
    const again = await open(dir); // released by close
    await again.close();
  });

  it("refuses an open while another live process owns the dir, naming its pid", async () => {
    const dir = tempDir();
    const child = startChild(["hold", dir]);
    cleanups.push(async () => {
      child.process.kill("SIGKILL");
      await child.exited;
    });
    await child.waitForLine(/^open /);
    const error = await open(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "WAL_LOCKED" });
    expect((error as Error).message).toContain(`process ${child.process.pid}`);
    expect((error as Error).message).toContain(dir);
  });

  it("takes over a stale lock left by a killed process, with a warning", async () => {
    const dir = tempDir();
    const child = startChild(["hold", dir]);
    await child.waitForLine(/^open /);
    child.process.kill("SIGKILL");
    await child.exited;
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toContain(`pid ${child.process.pid}`);
    const warnings: string[] = [];
    const wal = await open(dir, (m) => warnings.push(m));
    cleanups.push(() => wal.close());
    expect(warnings.join("\n")).toContain(`process ${child.process.pid}, is no longer running`);
  });

  it("treats a lock whose pid now belongs to a different process (pid reuse) as stale", async () => {
    const dir = tempDir();
    // Our own pid, but a start time that is not ours: the owner that wrote it is gone.
    writeFileSync(join(dir, "LOCK"), `pid ${process.pid}\nstarted 1\n`);
    const warnings: string[] = [];
    const wal = await open(dir, (m) => warnings.push(m));
    cleanups.push(() => wal.close());
    expect(warnings).toHaveLength(1);
  });

  it("treats an unreadable (truncated) lock as stale", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), "pi");
    const wal = await open(dir, () => undefined);
    await wal.close();
    // The dead-pid case, with a pid that certainly exited: a finished child.
    const done = spawnSync(process.execPath, ["-e", "0"]);
    writeFileSync(join(dir, "LOCK"), `pid ${done.pid}\nstarted 1\n`);
    const again = await open(dir, () => undefined);
    await again.close();
  });
});
