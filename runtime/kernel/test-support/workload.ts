// A deterministic workload for durability tests, the crash child and benchmarks: the next command is a pure
// function of (seed, the kernel's next idx, the kernel's state), so a kernel recovered after a crash continues
// exactly as an uninterrupted run would, and a reference kernel fed the same workload reaches the same states.
//
// Commands: open overlays, create / retitle / delete tasks and add / remove dependencies in them, collapse them
// (conflicts happen: overlays overlap), and now and then discard one. A command the kernel rejects (a delete of a
// task that still has edges) is followed by the next attempt; a createSws ends every run of rejections.
import type { Kernel } from "../kernel.js";
import type { RewriteOp } from "../../rewrite/index.js";
import { isKernelError } from "../../errors/index.js";

export type WorkloadCommand =
  | { readonly do: "createSws" }
  | { readonly do: "apply"; readonly sws: string; readonly ops: readonly RewriteOp[] }
  | { readonly do: "collapse"; readonly sws: string }
  | { readonly do: "discard"; readonly sws: string };

/** Attempts per step before falling back to createSws (which cannot be rejected while few overlays are open). */
const attempts_max = 8;
const open_overlays_max = 4;

function random(seed: number, idx: number, attempt: number): () => number {
  let state = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(idx + 1, 0x85ebca6b) ^ attempt) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Open overlay ids, ascending (only the newest few are ever open: the workload keeps at most 4). */
function openOverlays(kernel: Kernel): string[] {
  return kernel
    .listSws()
    .filter((info) => info.state === "OPEN")
    .map((info) => info.id);
}

function randomId(next: () => number): string {
  return Math.floor(next() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, "0")
    .padEnd(64, "0");
}

/** A record near a random point of the id space: O(depth), whatever the view size. */
function pick<T>(page: (after: string | null) => readonly T[], next: () => number): T | undefined {
  return page(randomId(next))[0] ?? page(null)[0];
}

export function nextCommand(kernel: Kernel, seed: number, attempt = 0): WorkloadCommand {
  if (attempt >= attempts_max) return { do: "createSws" };
  const next = random(seed, kernel.nextIdx, attempt);
  const open = openOverlays(kernel);
  if (open.length === 0 || (open.length < open_overlays_max && next() < 0.08)) return { do: "createSws" };
  const sws = open[Math.floor(next() * open.length)]!;
  const view = `sws:${sws}`;
  const roll = next();
  if (roll < 0.1) return { do: "collapse", sws };
  if (roll < 0.115) return { do: "discard", sws };
  const task = () => pick((after) => kernel.nodes(view, { first: 1, after }).items, next);
  const edge = () => pick((after) => kernel.edges(view, { first: 1, after }).items, next);
  const kind = next();
  const a = kind < 0.45 ? undefined : task();
  if (a === undefined) {
    const count = 1 + Math.floor(next() * 3);
    return {
      do: "apply",
      sws,
      ops: Array.from({ length: count }, (_, i) => ({
        op: "createTask",
        input: { title: `task ${kernel.nextIdx}.${i}`, intent: "workload", priority: Math.floor(next() * 101) },
      })),
    };
  }
  if (kind < 0.7)
    return {
      do: "apply",
      sws,
      ops: [{ op: "retitleTask", input: { taskId: a.id, title: `t${Math.floor(next() * 1000)}` } }],
    };
  if (kind < 0.82) {
    const b = task()!;
    return { do: "apply", sws, ops: [{ op: "addDependency", input: { taskId: a.id, dependsOnTaskId: b.id } }] };
  }
  if (kind < 0.9) {
    const e = edge();
    if (e !== undefined) return { do: "apply", sws, ops: [{ op: "removeDependency", input: { dependencyId: e.id } }] };
  }
  return { do: "apply", sws, ops: [{ op: "deleteTask", input: { taskId: a.id } }] };
}

export function runCommand(kernel: Kernel, command: WorkloadCommand): void {
  switch (command.do) {
    case "createSws":
      kernel.createSws();
      return;
    case "apply":
      kernel.apply(command.sws, command.ops);
      return;
    case "collapse":
      kernel.collapse(command.sws);
      return;
    case "discard":
      kernel.discardSws(command.sws);
      return;
  }
}

/** Runs commands until one is applied (exactly one new history entry); returns it. */
export function workloadStep(kernel: Kernel, seed: number): WorkloadCommand {
  for (let attempt = 0; ; attempt++) {
    const command = nextCommand(kernel, seed, attempt);
    try {
      runCommand(kernel, command);
      return command;
    } catch (error) {
      // Only ordinary rejections are part of the workload; anything else is a bug to surface.
      if (!isKernelError(error) || error.code === "INTERNAL" || attempt >= attempts_max) throw error;
    }
  }
}
