// One restart, in its own process so its peak RSS is its own: `npx tsx bench/durable/restart.ts <dataDir>`.
// Prints one JSON line: milliseconds for Kernel.open (recovery included), what recovery did, the final digest.
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel, recoveryOf } from "../../runtime/kernel/index.js";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: restart.ts <dataDir>");
const start = performance.now();
const kernel = await Kernel.open({
  dataDir,
  domain: taskDomain,
  checkpointEveryRecords: 0,
  onWarning: () => undefined,
});
const openMs = performance.now() - start;
const system = kernel.graph("system");
console.log(
  JSON.stringify({
    openMs,
    entries: kernel.nextIdx,
    recovery: recoveryOf(kernel),
    systemNodes: system.nodeCount,
    digest: system.digest,
  }),
);
await kernel.close();
