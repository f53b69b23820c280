// CPU profile of the update and create phases alone (the build is not sampled), as a self-time top list.
//   npx tsx bench/kernel/profile.ts [nodes=100000] [rewrites=40000] [update|create]
// Writes the raw profile to $TMPDIR/kernel-<phase>.cpuprofile for Chrome DevTools / speedscope as well.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel } from "../../runtime/kernel/kernel.js";
import type { RewriteOp } from "../../runtime/rewrite/index.js";
import { printTop, profileCpu, selfTimes } from "../support/cpu-profile.js";

const nodes = Number(process.argv[2] ?? 100_000);
const rewrites = Number(process.argv[3] ?? 40_000);
const phase = process.argv[4] === "create" ? "create" : "update";
const build_batch_ops = 1000;
/** Functions listed in the top list. */
const top_functions_max = 40;

const kernel = Kernel.create({ domain: taskDomain });
const sws = kernel.createSws();
const taskIds: string[] = [];
for (let made = 0; made < nodes; made += build_batch_ops) {
  const ops: RewriteOp[] = [];
  for (let i = made; i < Math.min(nodes, made + build_batch_ops); i++) {
    ops.push({ op: "createTask", input: { title: `task ${i}`, intent: "bench", priority: i % 101 } });
  }
  for (const created of kernel.apply(sws, ops).created) taskIds.push(created.id);
}

let state = 7;
const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
const runPhase = (count: number): void => {
  for (let i = 0; i < count; i++) {
    if (phase === "update") {
      const taskId = taskIds[next() % taskIds.length]!;
      kernel.apply(sws, { op: "retitleTask", input: { taskId, title: `retitled ${i}` } });
    } else {
      kernel.apply(sws, { op: "AddNode", data: { kind: "bench", payload_b64: "aGVsbG8=" } });
    }
  }
};
runPhase(Math.min(5000, rewrites)); // warm-up, not sampled

const file = join(tmpdir(), `kernel-${phase}.cpuprofile`);
const run = await profileCpu(file, () => runPhase(rewrites));
const { total, byFunction } = selfTimes(run.profile);
console.log(
  `${phase}: ${rewrites} rewrites at ${nodes} nodes, ${((run.elapsedMs * 1000) / rewrites).toFixed(2)} us/rewrite ` +
    `(profiler on); ${total} samples; profile: ${file}`,
);
printTop(byFunction, total, top_functions_max);
