// CPU profile of the durable benchmark's kernel side and of its replay, as self-time top lists (by function and by
// file), to find what the durable and replay paths spend beyond the apply itself.
//   npx tsx bench/durable/profile.ts [entries=30000] [durable|replay|both]
// Writes the raw profiles to $TMPDIR/durable-<phase>.cpuprofile for Chrome DevTools / speedscope as well.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel } from "../../runtime/kernel/index.js";
import { printTop, profileCpu, selfTimes } from "../support/cpu-profile.js";
import { runClients } from "./workload.js";

const entries = Number(process.argv[2] ?? 30_000);
const phases = process.argv[3] ?? "both";
const clients = 64;
/** Functions and files listed in the top lists. */
const top_functions_max = 45;
const top_files_max = 25;

async function profiled(label: string, count: () => number, work: () => Promise<void>): Promise<void> {
  const file = join(tmpdir(), `durable-${label}.cpuprofile`);
  const run = await profileCpu(file, work);
  const n = count();
  const { total, byFunction, byFile } = selfTimes(run.profile);
  console.log(
    `\n${label}: ${n} entries, ${((run.elapsedMs * 1000) / n).toFixed(1)} us/entry wall, ` +
      `${(run.cpuMicros / n).toFixed(1)} us/entry CPU (profiler on); ${total} samples; ${file}`,
  );
  console.log("-- by file --");
  printTop(byFile, total, top_files_max);
  console.log("-- by function --");
  printTop(byFunction, total, top_functions_max);
}

const dir = mkdtempSync(join(tmpdir(), "durable-profile-"));
try {
  let kernel = await Kernel.open({ dataDir: dir, domain: taskDomain, fsync: "group" });
  if (phases === "replay") {
    await runClients(kernel, { clients, entries, mixUpdates: false });
  } else {
    await profiled(
      "durable",
      () => kernel.nextIdx,
      () => runClients(kernel, { clients, entries, mixUpdates: false }),
    );
  }
  await kernel.close();
  if (phases !== "durable") {
    for (const name of readdirSync(dir)) if (name.endsWith(".snap")) rmSync(join(dir, name));
    await profiled(
      "replay",
      () => kernel.nextIdx,
      async () => {
        kernel = await Kernel.open({ dataDir: dir, domain: taskDomain, fsync: "group", checkpointEveryRecords: 0 });
      },
    );
    await kernel.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
