// The kernel crash suite: a child process applying rewrites and collapses through Kernel.open is SIGKILLed at
// seeded random moments. After each kill the directory is reopened: every acknowledged entry is there, no partial
// entry survives (recovery verifies every entry by replaying it), and the state equals that of a reference kernel
// (in memory, no WAL) fed the same deterministic workload up to the recovered idx.
// KERNEL_CRASH_TRIALS raises the count (long mode), e.g. KERNEL_CRASH_TRIALS=500.
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskDomain } from "../domain/sample/task-domain.js";
import { startChildScript } from "../wal/testing/child-process.js";
import type { RunningChild } from "../wal/testing/child-process.js";
import { makeTempDir, seededRandom } from "../wal/testing/fixtures.js";
import { Kernel } from "./kernel.js";
import { recoveryOf } from "./open.js";
import { workloadStep } from "./test-support/workload.js";

const crash_child_source = fileURLToPath(new URL("./test-support/crash-child.ts", import.meta.url));
// Loading the child through tsx costs ~1 s of CPU per start (most of a trial); bundled once, ~0.3 s. The bundle
// sits inside the repository (.tmp/ is ignored) so its package imports resolve to node_modules.
const bundle_dir = fileURLToPath(new URL("../../.tmp/", import.meta.url));
const crash_child_bundle = `${bundle_dir}kernel-crash-child-${process.pid}.mjs`;

beforeAll(async () => {
  mkdirSync(bundle_dir, { recursive: true });
  await build({
    entryPoints: [crash_child_source],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: crash_child_bundle,
    logLevel: "warning",
  });
});
afterAll(() => rmSync(crash_child_bundle, { force: true }));

function startCrashChild(args: string[]): RunningChild {
  return startChildScript(crash_child_bundle, args, []);
}
const trials_total = Number(process.env.KERNEL_CRASH_TRIALS ?? 50);
const trials_per_directory = 10;
const directories_in_parallel = 2; // one per core
const kill_delay_ms_max = 200;
const checkpoint_every = 40; // small, so kills also land while a checkpoint is being written

interface Trial {
  /** Kill this long after the child says "open", or (beforeOpen) this long after it was started. */
  readonly killDelayMs: number;
  readonly beforeOpen: boolean;
  readonly shortWriteBytes: number;
}

function schedule(seed: number): Trial[][] {
  const random = seededRandom(seed);
  const chains: Trial[][] = [];
  for (let trial = 0; trial < trials_total; trial++) {
    if (trial % trials_per_directory === 0) chains.push([]);
    chains[chains.length - 1]!.push({
      killDelayMs: Math.floor(random() * kill_delay_ms_max),
      beforeOpen: random() < 0.15,
      shortWriteBytes: random() < 0.4 ? 16 + Math.floor(random() * 400) : 0,
    });
  }
  return chains;
}

interface ChainStats {
  entries: number;
  checkpointsUsed: number;
}

async function runChain(trials: readonly Trial[], seed: number): Promise<ChainStats> {
  const temp = makeTempDir("kernel-crash");
  const reference = Kernel.create({ domain: taskDomain });
  let acknowledgedEnd = 0;
  const stats: ChainStats = { entries: 0, checkpointsUsed: 0 };
  try {
    for (const [index, trial] of trials.entries()) {
      const label = `seed ${seed}, trial ${index}`;
      const child = startCrashChild([temp.dir, String(seed), String(checkpoint_every), String(trial.shortWriteBytes)]);
      if (!trial.beforeOpen) {
        const opened = await child.waitForLine(/^open \d+$/);
        expect(Number(opened.split(" ")[1]), `${label}: reopened behind what was acknowledged`).toBeGreaterThanOrEqual(
          acknowledgedEnd,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, trial.killDelayMs));
      child.process.kill("SIGKILL");
      const exit = await child.exited;
      expect(exit.signal, `${label}: ${child.stderr()}`).toBe("SIGKILL");
      for (const line of child.lines) {
        if (line.startsWith("ack ")) acknowledgedEnd = Math.max(acknowledgedEnd, Number(line.slice(4)) + 1);
      }
      const kernel = await Kernel.open({ dataDir: temp.dir, domain: taskDomain, onWarning: () => undefined });
      try {
        expect(kernel.nextIdx, `${label}: lost acknowledged entries`).toBeGreaterThanOrEqual(acknowledgedEnd);
        if (recoveryOf(kernel)!.checkpointNextIdx !== null) stats.checkpointsUsed++;
        while (reference.nextIdx < kernel.nextIdx) workloadStep(reference, seed);
        expect(kernel.graph("system"), label).toEqual(reference.graph("system"));
        expect(kernel.listSws(), label).toEqual(reference.listSws());
        for (const info of kernel.listSws()) {
          if (info.state === "OPEN") expect(kernel.graph(info.view), label).toEqual(reference.graph(info.view));
        }
        for (let idx = 0; idx < kernel.nextIdx; idx++) {
          if (!Buffer.from(kernel.encodedEntry(idx)).equals(reference.encodedEntry(idx))) {
            expect.fail(`${label}: entry ${idx} differs from the reference`);
          }
        }
        stats.entries = kernel.nextIdx;
      } finally {
        await kernel.close();
      }
    }
  } finally {
    temp.remove();
  }
  return stats;
}

describe("one process per data directory", () => {
  it("a second process gets a clear error naming the owner; after the owner dies the directory opens", async () => {
    const temp = makeTempDir("kernel-lock");
    try {
      const child = startCrashChild([temp.dir, "1", "0", "0"]);
      await child.waitForLine(/^open \d+$/);
      const error = await Kernel.open({ dataDir: temp.dir, domain: taskDomain }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "WAL_LOCKED" });
      expect((error as Error).message).toContain(`is locked by process ${child.process.pid}, which is still running`);
      child.process.kill("SIGKILL");
      await child.exited;
      const kernel = await Kernel.open({ dataDir: temp.dir, domain: taskDomain, onWarning: () => undefined });
      expect(kernel.nextIdx).toBeGreaterThanOrEqual(0);
      await kernel.close();
    } finally {
      temp.remove();
    }
  }, 60_000);
});

describe("kernel crash recovery under SIGKILL", () => {
  it(`keeps every acknowledged entry and equals the reference model (${trials_total} kills)`, async () => {
    const chains = schedule(20261201);
    let next = 0;
    const totals = { entries: 0, checkpointsUsed: 0 };
    const worker = async (): Promise<void> => {
      while (next < chains.length) {
        const chain = next++;
        const stats = await runChain(chains[chain]!, 500 + chain);
        totals.entries += stats.entries;
        totals.checkpointsUsed += stats.checkpointsUsed;
      }
    };
    await Promise.all(Array.from({ length: directories_in_parallel }, worker));
    // Where kills land depends on timing; printed so a run shows the paths were exercised.
    console.log(
      `kernel crash suite: ${trials_total} kills, ${totals.entries} entries in the final logs, ` +
        `${totals.checkpointsUsed} restarts from a checkpoint`,
    );
    expect(totals.entries).toBeGreaterThan(0);
  }, 600_000);
});
