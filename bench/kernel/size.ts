// One benchmark size, run in its own process so peak RSS belongs to that size alone (run.ts starts it under
// /usr/bin/time -v). Prints one JSON line of figures.
import { PerformanceObserver, constants } from "node:perf_hooks";
import type { PerformanceEntry } from "node:perf_hooks";
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { graphDigestFromScratch } from "../../runtime/digest/from-scratch.js";
import type { NodeRecord } from "../../runtime/graph/record.js";
import { Kernel } from "../../runtime/kernel/kernel.js";
import type { RewriteOp } from "../../runtime/rewrite/index.js";

const nodes = Number(process.argv[2]);
/** "apply": throughput and the memory of holding the graph; "from-scratch": the reference digest's time alone. */
const mode = process.argv[3] === "from-scratch" ? "from-scratch" : "apply";
const measuredRewrites = Number(process.argv[4] ?? 20_000);
/** Update rewrites run before the timed window (see below). */
const warmupRewrites = 5_000;
/** Create rewrites run before the timed creates, at most. */
const warmupCreates = 2_000;
const build_batch_ops = 1000;

/**
 * Garbage-collection pauses of this process, as V8 reports them: how much of a timed window went to stopping the
 * main thread for the young generation (scavenges, which copy every surviving new record) and for the old one.
 * Entries arrive asynchronously, so a window's share is read after the loop yields (gcIn).
 */
const gcPauses: { start: number; end: number; minor: boolean }[] = [];
// Kept in a binding: an observer nothing references is collected by the first full GC, and reports nothing after.
const gcObserver = new PerformanceObserver((list) => recordGcEntries(list.getEntries()));
gcObserver.observe({ entryTypes: ["gc"] });

function recordGcEntries(entries: readonly PerformanceEntry[]): void {
  for (const entry of entries) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    gcPauses.push({
      start: entry.startTime,
      end: entry.startTime + entry.duration,
      minor: kind === constants.NODE_PERFORMANCE_GC_MINOR,
    });
  }
}

/** Pause milliseconds (young generation, and all) that started inside [from, to). */
async function gcIn(from: number, to: number): Promise<{ minorMs: number; allMs: number }> {
  // Node posts each entry from a native "immediate" after the pause, and the observer gets it in a later one:
  // two turns of the check phase deliver every pause of the window; takeRecords hands over any still queued.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  recordGcEntries(gcObserver.takeRecords());
  let minorMs = 0;
  let allMs = 0;
  for (const pause of gcPauses) {
    if (pause.start < from || pause.start >= to) continue;
    allMs += pause.end - pause.start;
    if (pause.minor) minorMs += pause.end - pause.start;
  }
  return { minorMs, allMs };
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

/** A seeded LCG: picks which task to update, reproducibly. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

const kernel = Kernel.create({ domain: taskDomain });
const sws = kernel.createSws();
const taskIds: string[] = [];

let started = performance.now();
for (let made = 0; made < nodes; made += build_batch_ops) {
  const ops: RewriteOp[] = [];
  for (let i = made; i < Math.min(nodes, made + build_batch_ops); i++) {
    ops.push({ op: "createTask", input: { title: `task ${i}`, intent: "bench", priority: i % 101 } });
  }
  for (const created of kernel.apply(sws, ops).created) taskIds.push(created.id);
}
const buildMs = performance.now() - started;

if (mode === "from-scratch") {
  // Page every node out (not timed), then time the definition's computation alone.
  const all: NodeRecord[] = [];
  for (let after: string | null = null; ;) {
    const page = kernel.nodes("sws:0", { first: 1000, after });
    all.push(...page.items);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  started = performance.now();
  const fromScratch = graphDigestFromScratch(all, []);
  const fromScratchMs = performance.now() - started;
  if (fromScratch !== kernel.graph("sws:0").digest) throw new Error("incremental digest differs from from-scratch");
  process.stdout.write(`${JSON.stringify({ nodes, fromScratchMs })}\n`);
  process.exit(0);
}

/**
 * A full collection before each timed phase (run.ts starts this with --expose-gc), so the build's garbage is not
 * collected inside a phase's window: whether that major GC landed in the window or just before it moved the 100k
 * update figure by up to 2x between runs of the same code. Garbage the measured rewrites make is still collected
 * inside their window, as it should be.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// Updates: one op per rewrite, so each pays validate + apply + digest + receipt + history on its own.
// The machine may be shared: CPU time (this process, all threads) is reported next to wall time.
const next = lcg(7);
// Not timed: the first updates run while V8 still compiles the update path (the build ran other code: batches of
// creates), so timing them would measure the JIT's tier-up rather than the kernel's steady throughput.
for (let i = 0; i < warmupRewrites; i++) {
  const taskId = taskIds[next() % taskIds.length]!;
  kernel.apply(sws, { op: "retitleTask", input: { taskId, title: `warm-up ${i}` } });
}
collectGarbage();
started = performance.now();
let cpuStarted = process.cpuUsage();
for (let i = 0; i < measuredRewrites; i++) {
  const taskId = taskIds[next() % taskIds.length]!;
  kernel.apply(sws, { op: "retitleTask", input: { taskId, title: `retitled ${i}` } });
}
const updateEnded = performance.now();
const updateUs = ((updateEnded - started) * 1000) / measuredRewrites;
const updateCpuUs = cpuMicros(process.cpuUsage(cpuStarted)) / measuredRewrites;
const updateGc = await gcIn(started, updateEnded);

// Creates: one node per rewrite (id derivation included). Kept to a tenth of the graph so its size holds, after
// untimed ones (a twentieth at most) that let the JIT compile the v0 AddNode path, as for the updates.
const creates = Math.min(measuredRewrites, Math.floor(nodes / 10));
for (let i = 0; i < Math.min(warmupCreates, Math.floor(nodes / 20)); i++) {
  kernel.apply(sws, { op: "AddNode", data: { kind: "bench", payload_b64: "aGVsbG8=" } });
}
collectGarbage();
started = performance.now();
cpuStarted = process.cpuUsage();
for (let i = 0; i < creates; i++) {
  kernel.apply(sws, { op: "AddNode", data: { kind: "bench", payload_b64: "aGVsbG8=" } });
}
const createUs = ((performance.now() - started) * 1000) / creates;
const createCpuUs = cpuMicros(process.cpuUsage(cpuStarted)) / creates;
const rssAfterApplyMb = process.memoryUsage().rss / 2 ** 20;

process.stdout.write(
  `${JSON.stringify({
    nodes,
    finalNodes: kernel.graph("sws:0").nodeCount,
    buildMs,
    buildOpsPerSec: nodes / (buildMs / 1000),
    updateUs,
    updateRewritesPerSec: 1e6 / updateUs,
    updateCpuUs,
    updateGcUs: (updateGc.allMs * 1000) / measuredRewrites,
    updateScavengeUs: (updateGc.minorMs * 1000) / measuredRewrites,
    createUs,
    createRewritesPerSec: 1e6 / createUs,
    createCpuUs,
    rssAfterApplyMb,
  })}\n`,
);
