// Kernel benchmark: apply throughput (validate + apply + digest + receipt + history), from-scratch digest time
// and peak RSS at 10k, 100k and 1M nodes. Each size runs in a child under /usr/bin/time -v.
//   npx tsx bench/kernel/run.ts            all sizes
//   npx tsx bench/kernel/run.ts 10000      one size
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10_000, 100_000, 1_000_000];
const child = fileURLToPath(new URL("./size.ts", import.meta.url));
const time_binary = "/usr/bin/time";
/** Heap for the 1M run: the default young/old limits would GC-thrash before the 1 GB RSS target is reached. */
const child_heap_mb = 4096;

if (!existsSync(time_binary)) {
  console.error(`${time_binary} is missing; install it with: apt-get install -y time`);
  process.exit(1);
}

interface Figures {
  nodes: number;
  buildOpsPerSec: number;
  updateUs: number;
  updateCpuUs: number;
  updateRewritesPerSec: number;
  createUs: number;
  createCpuUs: number;
  createRewritesPerSec: number;
  fromScratchMs: number;
  peakRssMb: number;
}

function runChild(
  nodes: number,
  mode: "apply" | "from-scratch",
): { figures: Record<string, number>; peakRssMb: number } {
  const run = spawnSync(
    time_binary,
    ["-v", process.execPath, `--max-old-space-size=${child_heap_mb}`, "--import", "tsx", child, String(nodes), mode],
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

const results: Figures[] = [];
for (const nodes of sizes) {
  const applied = runChild(nodes, "apply");
  const fromScratch = runChild(nodes, "from-scratch");
  const figures = {
    ...(applied.figures as unknown as Figures),
    fromScratchMs: fromScratch.figures.fromScratchMs!,
    peakRssMb: applied.peakRssMb,
  };
  results.push(figures);
  console.log(
    `${String(nodes).padStart(9)} nodes: build ${figures.buildOpsPerSec.toFixed(0)} ops/s (batches of 1000) | ` +
      `update ${figures.updateUs.toFixed(2)} us (cpu ${figures.updateCpuUs.toFixed(2)}) = ` +
      `${figures.updateRewritesPerSec.toFixed(0)} rewrites/s | ` +
      `create ${figures.createUs.toFixed(2)} us (cpu ${figures.createCpuUs.toFixed(2)}) = ` +
      `${figures.createRewritesPerSec.toFixed(0)} rewrites/s | ` +
      `from-scratch digest ${figures.fromScratchMs.toFixed(0)} ms | peak RSS (apply run) ${figures.peakRssMb.toFixed(0)} MB`,
  );
}

const smallest = results[0]!;
for (const figures of results.slice(1)) {
  console.log(
    `ratio ${figures.nodes}/${smallest.nodes}: update ${(figures.updateUs / smallest.updateUs).toFixed(2)}x, ` +
      `create ${(figures.createUs / smallest.createUs).toFixed(2)}x per rewrite (target <= 2x)`,
  );
}
const at100k = results.find((figures) => figures.nodes === 100_000);
if (at100k !== undefined) {
  console.log(`at 100k nodes: ${at100k.updateRewritesPerSec.toFixed(0)} update rewrites/s (target >= 100000)`);
}
const at1m = results.find((figures) => figures.nodes === 1_000_000);
if (at1m !== undefined) console.log(`1M nodes: peak RSS ${at1m.peakRssMb.toFixed(0)} MB (target <= 1024)`);
