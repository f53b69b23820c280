// Kernel benchmark: apply throughput (validate + apply + digest + receipt + history), from-scratch digest time
// and peak RSS at 10k, 100k and 1M nodes. Each size runs in a child under /usr/bin/time -v.
//   npx tsx bench/kernel/run.ts                         all sizes, one run each
//   npx tsx bench/kernel/run.ts 10000 100000 --runs 3   chosen sizes, 3 rounds (each runs every size once); medians
//   ... --json results.json                             also write every run's figures
//   ... --rewrites 60000                                timed update rewrites per run (default 20,000)
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}
const runs = Number(option("--runs") ?? 1);
/** Timed update rewrites per apply run (size.ts's default when not given). */
const rewrites = option("--rewrites");
const jsonPath = option("--json");
const sizes = args.length > 0 ? args.map(Number) : [10_000, 100_000, 1_000_000];
const child = fileURLToPath(new URL("./size.ts", import.meta.url));
const time_binary = "/usr/bin/time";
/** Heap for the 1M run: the default young/old limits would GC-thrash before the 1 GB RSS target is reached. */
const child_heap_mb = 4096;
/** Apply runs per size at most (each builds its graph from scratch). */
const runs_max = 15;

if (!existsSync(time_binary)) {
  console.error(`${time_binary} is missing; install it with: apt-get install -y time`);
  process.exit(1);
}
if (rewrites !== undefined && !(Number.isInteger(Number(rewrites)) && Number(rewrites) > 0)) {
  console.error(`--rewrites must be a positive integer, got ${rewrites}`);
  process.exit(1);
}
if (!Number.isInteger(runs) || runs < 1 || runs > runs_max) {
  console.error(`--runs must be 1..${runs_max}`);
  process.exit(1);
}

interface ApplyFigures {
  nodes: number;
  buildOpsPerSec: number;
  updateUs: number;
  updateCpuUs: number;
  /** Main-thread garbage-collection pauses inside the update window, per rewrite (all; young generation only). */
  updateGcUs: number;
  updateScavengeUs: number;
  createUs: number;
  createCpuUs: number;
  peakRssMb: number;
}

interface SizeFigures {
  nodes: number;
  runs: ApplyFigures[];
  fromScratchMs: number;
}

function runChild(
  nodes: number,
  mode: "apply" | "from-scratch",
): { figures: Record<string, number>; peakRssMb: number } {
  const run = spawnSync(
    time_binary,
    [
      "-v",
      process.execPath,
      `--max-old-space-size=${child_heap_mb}`,
      "--expose-gc",
      "--import",
      "tsx",
      child,
      String(nodes),
      mode,
      ...(rewrites === undefined ? [] : [rewrites]),
    ],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]);
  return {
    figures: JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, number>,
    peakRssMb: peakKb / 1024,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const range = (values: readonly number[]): string =>
  values.length === 1 ? "" : ` [${fixed(Math.min(...values))}-${fixed(Math.max(...values))}]`;

// Rounds, not size after size: each round runs every size once, so the runs a ratio compares are minutes apart at
// most. This VM's speed drifts by 30% over a quarter of an hour; size after size, a ratio compared a slow stretch
// with a fast one (the same code gave 1.65x-2.70x for 1M/10k that way).
const applyRunsBySize = new Map<number, ApplyFigures[]>(sizes.map((nodes) => [nodes, []]));
for (let run = 0; run < runs; run++) {
  for (const nodes of sizes) {
    const applied = runChild(nodes, "apply");
    applyRunsBySize.get(nodes)!.push({ ...(applied.figures as unknown as ApplyFigures), peakRssMb: applied.peakRssMb });
  }
}

const results: SizeFigures[] = [];
for (const nodes of sizes) {
  const applyRuns = applyRunsBySize.get(nodes)!;
  const fromScratch = runChild(nodes, "from-scratch");
  const size: SizeFigures = { nodes, runs: applyRuns, fromScratchMs: fromScratch.figures.fromScratchMs! };
  results.push(size);
  const pick = (key: keyof ApplyFigures): number[] => applyRuns.map((figures) => figures[key]);
  console.log(
    `${String(nodes).padStart(9)} nodes (median of ${runs}): build ${fixed(median(pick("buildOpsPerSec")), 0)} ops/s | ` +
      `update ${fixed(median(pick("updateUs")), 2)} us${range(pick("updateUs"))} ` +
      `(cpu ${fixed(median(pick("updateCpuUs")), 2)}${range(pick("updateCpuUs"))}) = ` +
      `${fixed(1e6 / median(pick("updateUs")), 0)} rewrites/s (cpu: ${fixed(1e6 / median(pick("updateCpuUs")), 0)}), ` +
      `of which GC pauses ${fixed(median(pick("updateGcUs")), 2)} us | ` +
      `create ${fixed(median(pick("createUs")), 2)} us (cpu ${fixed(median(pick("createCpuUs")), 2)}) | ` +
      `from-scratch digest ${fixed(size.fromScratchMs, 0)} ms | peak RSS ${fixed(median(pick("peakRssMb")), 0)} MB` +
      `${range(pick("peakRssMb"))}`,
  );
}

/** Per round, this size's figure (picked by `value`) over the smallest size's; the median of those ratios and their range. */
function roundRatios(size: SizeFigures, smallest: SizeFigures, value: (figures: ApplyFigures) => number): string {
  const ratios = size.runs.map((figures, round) => value(figures) / value(smallest.runs[round]!));
  return `${fixed(median(ratios), 2)}x${ratios.length === 1 ? "" : ` [${fixed(Math.min(...ratios), 2)}-${fixed(Math.max(...ratios), 2)}]`}`;
}

const smallest = results[0]!;
for (const size of results.slice(1)) {
  console.log(
    `ratio ${size.nodes}/${smallest.nodes} (median over ${runs} round${runs === 1 ? "" : "s"}): ` +
      `update ${roundRatios(size, smallest, (figures) => figures.updateUs)} ` +
      `(cpu ${roundRatios(size, smallest, (figures) => figures.updateCpuUs)}; ` +
      `without GC pauses ${roundRatios(size, smallest, (figures) => figures.updateUs - figures.updateGcUs)}), ` +
      `create ${roundRatios(size, smallest, (figures) => figures.createUs)} per rewrite (target <= 2x)`,
  );
}
const perSize = results.map((size) => ({
  nodes: size.nodes,
  updateUs: median(size.runs.map((figures) => figures.updateUs)),
  updateCpuUs: median(size.runs.map((figures) => figures.updateCpuUs)),
  peakRssMb: median(size.runs.map((figures) => figures.peakRssMb)),
}));
const at100k = perSize.find((figures) => figures.nodes === 100_000);
if (at100k !== undefined) {
  console.log(
    `at 100k nodes: ${fixed(1e6 / at100k.updateUs, 0)} update rewrites/s wall, ` +
      `${fixed(1e6 / at100k.updateCpuUs, 0)} by CPU time (target >= 100000)`,
  );
}
const at1m = perSize.find((figures) => figures.nodes === 1_000_000);
if (at1m !== undefined) console.log(`1M nodes: peak RSS ${fixed(at1m.peakRssMb, 0)} MB (target <= 1024)`);
if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
