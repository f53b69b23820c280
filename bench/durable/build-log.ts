// Builds the restart benchmark's log once and keeps it: `npx tsx bench/durable/build-log.ts <dataDir> [entries]`.
// Same workload as run.ts's restart part (16 clients, creates and retitles, fsync off: setup only), then a
// checkpoint after the last entry. Restart runs can then reuse the directory (`restart.ts <dataDir>`).
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel, checkpointNow } from "../../runtime/kernel/index.js";
import { runClients } from "./workload.js";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: build-log.ts <dataDir> [entries]");
const entries = Number(process.argv[3] ?? 1_000_000);
const start = performance.now();
const kernel = await Kernel.open({ dataDir, domain: taskDomain, fsync: "off", checkpointEveryRecords: 0 });
await runClients(kernel, { clients: 16, entries, mixUpdates: true });
const buildMs = performance.now() - start;
const checkpointStart = performance.now();
await checkpointNow(kernel);
const checkpointMs = performance.now() - checkpointStart;
await kernel.close();
console.log(JSON.stringify({ dataDir, entries: kernel.nextIdx, buildMs, checkpointMs }));
