// What one cache miss costs on this machine: a dependent-load chain (each load's address comes from the one before,
// so nothing overlaps) through a random cyclic permutation of 64-byte lines, at growing working sets. An update
// rewrite reads and writes a few records and trie nodes at random places (ids are content addresses), so at 100k+
// nodes it pays a handful of these per rewrite; the figures bound what any store design can save (RESULTS.md).
//   npx tsx bench/kernel/memory-latency.ts [--runs 3] [sizes in MiB, default 1 8 32 256 1024]
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const sizes = args.filter((_, i) => i !== runsAt && i !== runsAt + 1).map(Number);
const sizesMiB = sizes.length > 0 ? sizes : [1, 8, 32, 256, 1024];
if (!Number.isInteger(runs) || runs < 1 || sizesMiB.some((size) => !(size > 0))) {
  console.error("usage: memory-latency.ts [--runs N] [working set sizes in MiB ...]");
  process.exit(2);
}

const line_ints = 16; // 64 bytes of Int32
const loads = 2_000_000;

/** A seeded LCG, so every run walks the same permutation. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
}

/** An array whose lines form one random cycle: line i's first int is the index of the next line's first int. */
function randomCycle(mebibytes: number): Int32Array {
  const ints = (mebibytes * 1024 * 1024) / 4;
  const lines = ints / line_ints;
  const order = new Int32Array(lines);
  for (let i = 0; i < lines; i++) order[i] = i;
  const next = lcg(12345);
  for (let i = lines - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  const chain = new Int32Array(ints);
  for (let i = 0; i < lines; i++) chain[order[i]! * line_ints] = order[(i + 1) % lines]! * line_ints;
  return chain;
}

/** Nanoseconds per dependent load, after one untimed pass that faults the pages in and warms the JIT. */
function nanosPerLoad(chain: Int32Array): number {
  let at = 0;
  for (let i = 0; i < loads; i++) at = chain[at]!;
  const started = performance.now();
  for (let i = 0; i < loads; i++) at = chain[at]!;
  const elapsed = performance.now() - started;
  if (at < 0) throw new Error("unreachable: keeps the loop's result alive");
  return (elapsed * 1e6) / loads;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const mebibytes of sizesMiB) {
  const chain = randomCycle(mebibytes);
  const figures = Array.from({ length: runs }, () => nanosPerLoad(chain));
  const range = `[${Math.min(...figures).toFixed(1)}-${Math.max(...figures).toFixed(1)}]`;
  console.log(`${String(mebibytes).padStart(6)} MiB: ${median(figures).toFixed(1)} ns per dependent load ${range}`);
}
