// Cost of folds on the kernel's write path and of rebuilding them from a log (bench/folds/README.md).
//
//   npx tsx bench/folds/run.ts [mode] [tasks]
//
// mode: "none" (kernel without folds, the peer), "production", "development" (purity checks on), or "replay"
// (the fold runner alone over the history the production run recorded). Each task is two rewrites (createTask,
// then startTask), so the kernel applies 2 * tasks rewrites in one overlay. Prints one JSON line.
import { folds } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { ops } from "../../generated/ops.js";
import { decodeCanonical } from "../../runtime/canonical/index.js";
import { FoldRunner } from "../../runtime/fold/index.js";
import type { FoldableEntry } from "../../runtime/fold/index.js";
import { Kernel } from "../../runtime/kernel/index.js";

const mode = process.argv[2] ?? "production";
const tasks = Number(process.argv[3] ?? 20_000);

function workload(kernel: Kernel): void {
  const sws = kernel.createSws();
  for (let i = 0; i < tasks; i++) {
    const id = kernel.apply(sws, ops.createTask({ title: `task ${i}`, intent: "bench" }), { principal: "bench" })
      .created[0]!.id;
    kernel.apply(sws, ops.startTask({ taskId: id }), { principal: "bench" });
  }
}

/** CPU time (user + system) since `start`, in ms: on a shared machine it varies far less than wall time. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

if (mode === "replay") {
  const kernel = Kernel.create({ domain });
  workload(kernel);
  const entries: FoldableEntry[] = [];
  for (let idx = 0; idx < kernel.nextIdx; idx++)
    entries.push(decodeCanonical(kernel.encodedEntry(idx)) as unknown as FoldableEntry);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const runner = new FoldRunner({ domain, folds, development: false });
  for (const entry of entries) runner.ingest(entry);
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  console.log(
    JSON.stringify({
      mode,
      entries: entries.length,
      ms: Math.round(ms),
      cpuMs,
      entriesPerCpuSecond: Math.round(entries.length / (cpuMs / 1000)),
    }),
  );
} else {
  const options = mode === "none" ? { domain } : { domain, folds, development: mode === "development" };
  const kernel = Kernel.create(options);
  const started = performance.now();
  const cpu = process.cpuUsage();
  workload(kernel);
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  const rewrites = 2 * tasks;
  console.log(
    JSON.stringify({
      mode,
      rewrites,
      ms: Math.round(ms),
      cpuMs,
      rewritesPerCpuSecond: Math.round(rewrites / (cpuMs / 1000)),
    }),
  );
}
