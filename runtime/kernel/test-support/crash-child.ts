// A child process for the kernel crash suite:
//   node --import tsx runtime/kernel/test-support/crash-child.ts <dataDir> <seed> <checkpointEvery> <shortWriteBytes>
// Opens a durable kernel (group commit), prints "open <nextIdx>", then runs the seeded workload forever in bursts,
// printing "ack <idx>" once entry idx is acknowledged (durable() resolved). The parent SIGKILLs it at a seeded
// moment. With shortWriteBytes > 0 every WAL write is cut into pieces of that size, so kills land inside batches.
import { taskDomain } from "../../domain/sample/task-domain.js";
import { FaultyFileSystem, NodeFileSystem } from "../../storage/index.js";
import { Kernel } from "../kernel.js";
import { workloadStep } from "./workload.js";

/** Entries applied but not yet acknowledged before the child waits (keeps group commit batches realistic). */
const unacknowledged_max = 64;
const burst_steps_max = 8;

const [dataDir, seedText, everyText, shortWriteText] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write("usage: crash-child.ts <dataDir> <seed> <checkpointEvery> <shortWriteBytes>\n");
  process.exit(2);
}
const seed = Number(seedText ?? 1);
const fileSystem = new FaultyFileSystem(new NodeFileSystem(), "wal.log");
if (Number(shortWriteText ?? 0) > 0) fileSystem.shortWriteBytesMax = Number(shortWriteText);

const kernel = await Kernel.open({
  dataDir,
  domain: taskDomain,
  fileSystem,
  preallocateBytes: 64 * 1024,
  checkpointEveryRecords: Number(everyText ?? 0),
  onWarning: (message) => process.stderr.write(`${message}\n`),
});
process.stdout.write(`open ${kernel.nextIdx}\n`);

let acknowledgedEnd = kernel.nextIdx;
for (let burst = 0; ; burst++) {
  const steps = 1 + ((burst * 7 + seed) % burst_steps_max);
  for (let i = 0; i < steps; i++) workloadStep(kernel, seed);
  const idx = kernel.nextIdx - 1;
  void kernel.durable(idx).then(() => {
    acknowledgedEnd = Math.max(acknowledgedEnd, idx + 1);
    // Pipes are synchronous on Linux: once written, the parent can read it even if we die next.
    process.stdout.write(`ack ${idx}\n`);
  });
  if (kernel.nextIdx - acknowledgedEnd > unacknowledged_max) await kernel.durable(idx);
  else await new Promise((resolve) => setImmediate(resolve));
}
