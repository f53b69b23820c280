// SPIKE benchmark: the structural part of an update (find by id, replace the record hash, re-hash the path and the
// view digest) in today's GraphState (A) and in the data-oriented prototype (B), same seeded update sequences.
//   node --expose-gc --import tsx bench/kernel/spike/run.ts --records 100000 [--mode ab|a|b|base] [--updates 100000]
//        [--impl v2|v1] [--leaf-regions exact|fixed (v1 only)] [--runs 5] [--warmup 30000]
// Modes: ab = verify + interleaved timing of all variants; a / b = one structure only (for peak RSS via
// /usr/bin/time -v); base = records and hashes only (the RSS both share).
// Variants timed in ab: A = gs.node + gs.replaceNode + gs.digest; B = proto.update (same work, one descent);
// Bnh = B with the WebAssembly call skipped (attribution: B - Bnh = hashing); Alook / Blook = lookup only.
import { GraphState } from "../../../runtime/graph/graph-state.js";
import type { NodeRecord } from "../../../runtime/graph/record.js";
import { tableRootFromScratch } from "../../../runtime/digest/from-scratch.js";
import { combineTableRootsFromScratch } from "../../../runtime/digest/spec.js";
import { graphDigestTemplate } from "../../../runtime/digest/spec.js";
import { blake3Arena, blake3BlockCount, blake3_job_words } from "../../../runtime/hash/index.js";
import { DataTrie } from "./dotrie.js";
import { DataTrieV1 } from "./dotrie-v1.js";
import { newSpikeWasm } from "./wasm-instance.js";
type Proto = Pick<
  DataTrie<NodeRecord>,
  "update" | "get" | "digestHex" | "rootHash" | "rehashAll" | "compressions" | "layoutBytes" | "innerCount"
>;

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}
const n = Number(arg("records", "100000"));
const mode = arg("mode", "ab");
const updates = Number(arg("updates", "100000"));
const warmup = Number(arg("warmup", "30000"));
const runs = Number(arg("runs", "5"));
const verifyUpdates = Number(arg("verify-updates", "5000"));
const pool_hashes = 4096;
const impl = arg("impl", "v2");
const leafRegions = arg("leaf-regions", "exact") as "fixed" | "exact";

// ---- deterministic data -------------------------------------------------------------------------------------
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
}
const gen = lcg(12345);
// Each id is 8 consecutive LCG outputs; the LCG's output is its state (period 2^32 > 8n), so ids are distinct
// (checked after sorting). No Set: peak RSS should show the structures, not the generator.
const ids = new Array<string>(n);
const idBytes = Buffer.alloc(32);
for (let i = 0; i < n; i++) {
  for (let k = 0; k < 8; k++) idBytes.writeUInt32BE(gen(), k * 4); // = 8 hex8(gen()) concatenated
  ids[i] = idBytes.toString("hex");
}
ids.sort();
for (let i = 1; i < n; i++) if (ids[i - 1] === ids[i]) throw new Error("duplicate id");
const attrs = Object.freeze({});
const records: NodeRecord[] = ids.map((id) => Object.freeze({ id, kind: "demo", attrs }));
const hashes = new Uint8Array(n * 32);
for (let i = 0; i < hashes.length; i += 4) {
  const v = gen();
  hashes[i] = v;
  hashes[i + 1] = v >>> 8;
  hashes[i + 2] = v >>> 16;
  hashes[i + 3] = v >>> 24;
}
const poolBytes = new Uint8Array(pool_hashes * 32);
for (let i = 0; i < poolBytes.length; i++) poolBytes[i] = gen() >>> 24;
const pool = Array.from({ length: pool_hashes }, (_, k) => poolBytes.subarray(k * 32, k * 32 + 32));

interface Sequence {
  readonly record: Int32Array;
  readonly hash: Int32Array;
}
function sequence(seed: number, length: number): Sequence {
  const next = lcg(seed);
  const record = new Int32Array(length);
  const hash = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    record[i] = next() % n;
    hash[i] = next() % pool_hashes;
  }
  return { record, hash };
}

// ---- the two structures ----------------------------------------------------------------------------------------
function buildGraphState(): GraphState {
  const views = Array.from({ length: n }, (_, i) => hashes.subarray(i * 32, i * 32 + 32));
  const gs = GraphState.fromSortedRecords(records.slice(), views, [], []);
  gs.digest();
  return gs;
}
function buildPrototype(): Proto {
  if (impl === "v1") return new DataTrieV1(records.slice(), hashes, leafRegions);
  return new DataTrie(records.slice(), hashes);
}

function runA(gs: GraphState, s: Sequence): void {
  for (let i = 0; i < s.record.length; i++) {
    const record = gs.node(ids[s.record[i]!]!)!;
    gs.replaceNode(record, pool[s.hash[i]!]!);
    gs.digest();
  }
}
function runB(p: Proto, s: Sequence, hash: boolean): void {
  for (let i = 0; i < s.record.length; i++) {
    const r = s.record[i]!;
    p.update(ids[r]!, records[r]!, pool[s.hash[i]!]!, hash);
  }
}
function lookA(gs: GraphState, s: Sequence): number {
  let found = 0;
  for (let i = 0; i < s.record.length; i++) if (gs.node(ids[s.record[i]!]!) !== undefined) found++;
  return found;
}
function lookB(p: Proto, s: Sequence): number {
  let found = 0;
  for (let i = 0; i < s.record.length; i++) if (p.get(ids[s.record[i]!]!) !== undefined) found++;
  return found;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
function timeUs(work: () => unknown, count: number): number {
  gc();
  const t0 = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t0) / 1000 / count;
}
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
const fmt = (v: number) => v.toFixed(2);
function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1) + " MiB";
}
function memory(label: string): void {
  gc();
  const m = process.memoryUsage();
  console.log(
    `${label}: rss ${mb(m.rss)}, heapUsed ${mb(m.heapUsed)}, external ${mb(m.external)}, arrayBuffers ${mb(m.arrayBuffers)}`,
  );
}

/** Records' current hashes applied by a sequence (for the from-scratch check). */
function applyToHashes(current: Uint8Array, s: Sequence): void {
  for (let i = 0; i < s.record.length; i++) current.set(pool[s.hash[i]!]!, s.record[i]! * 32);
}
function checkFromScratch(p: Proto, current: Uint8Array, label: string): void {
  const root = tableRootFromScratch(ids.map((id, i) => ({ id, hash: current.subarray(i * 32, i * 32 + 32) })));
  const same = Buffer.compare(Buffer.from(root), Buffer.from(p.rootHash())) === 0;
  const empty = tableRootFromScratch([]);
  const viewSame = combineTableRootsFromScratch(root, empty) === p.digestHex();
  console.log(
    `check ${label}: prototype root == tableRootFromScratch: ${same}; view digest == from scratch: ${viewSame}`,
  );
  if (!same || !viewSame) throw new Error(`prototype disagrees with the definition (${label})`);
}
function checkAgainstGraphState(p: Proto, gs: GraphState, label: string): void {
  const same = gs.digest() === p.digestHex();
  console.log(
    `check ${label}: prototype view digest == GraphState.digest(): ${same} (${p.digestHex().slice(0, 16)}...)`,
  );
  if (!same) throw new Error(`prototype disagrees with GraphState (${label})`);
}

console.log(
  `records ${n}, mode ${mode}, prototype ${impl}${impl === "v1" ? ` (leaf regions ${leafRegions})` : ""}, updates/run ${updates}, warm-up ${warmup}, runs ${runs}, node ${process.version}`,
);
memory("after data");
if (mode === "base") process.exit(0);

let t = performance.now();
const gs = mode === "ab" || mode === "a" ? buildGraphState() : null;
if (gs) console.log(`GraphState build + first digest: ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const proto = mode === "ab" || mode === "b" ? buildPrototype() : null;
if (proto) {
  const l = proto.layoutBytes();
  console.log(
    `prototype build + hash: ${(performance.now() - t).toFixed(0)} ms; inner nodes ${proto.innerCount}, ` +
      `leaves ${l.leaves}, ${l.leafRecordsMean.toFixed(2)} records/leaf; wasm slab ${mb(l.wasmSlab)} ` +
      `(${(l.wasmSlab / n).toFixed(0)} B/record), typed arrays ${mb(l.typedArrays)} (${(l.typedArrays / n).toFixed(0)} B/record)`,
  );
}
memory("after build");

const current = hashes.slice();
if (proto && gs) {
  checkFromScratch(proto, current, "after build");
  checkAgainstGraphState(proto, gs, "after build");
  const v = sequence(777, verifyUpdates);
  runA(gs, v);
  runB(proto, v, true);
  applyToHashes(current, v);
  checkFromScratch(proto, current, `after ${verifyUpdates} updates`);
  checkAgainstGraphState(proto, gs, `after ${verifyUpdates} updates`);
}

// Warm-up: every variant runs once untimed (JIT tiers, midstates of updated leaves in GraphState).
const w = sequence(999, warmup);
if (gs) {
  runA(gs, w);
  lookA(gs, w);
}
if (proto) {
  runB(proto, w, false);
  proto.rehashAll();
  runB(proto, w, true);
  lookB(proto, w);
}
applyToHashes(current, w);

const times: Record<string, number[]> = { A: [], B: [], Bnh: [], Alook: [], Blook: [] };
const loadavg = (await import("node:os")).loadavg;
const loads: number[] = [];
for (let run = 0; run < runs; run++) {
  const s = sequence(1000 + run, updates);
  const variants: [string, () => unknown][] = [];
  if (gs) variants.push(["A", () => runA(gs, s)], ["Alook", () => lookA(gs, s)]);
  if (proto) {
    variants.push(
      ["B", () => runB(proto, s, true)],
      [
        "Bnh",
        () => {
          runB(proto, s, false);
        },
      ],
      ["Blook", () => lookB(proto, s)],
    );
  }
  // Rotate the order each run (interleaved A/B; neither always goes first).
  for (let k = 0; k < variants.length; k++) {
    const [name, work] = variants[(k + run) % variants.length]!;
    times[name]!.push(timeUs(work, updates));
    if (name === "Bnh") proto!.rehashAll(); // Bnh left the hashes stale; B needs them right
  }
  applyToHashes(current, s);
  loads.push(loadavg()[0]!);
  console.log(
    `run ${run}: ` +
      Object.entries(times)
        .filter(([, v]) => v.length > run)
        .map(([k, v]) => `${k} ${fmt(v[run]!)}`)
        .join(", ") +
      ` us/update (load ${loadavg()[0]!.toFixed(2)})`,
  );
}
// Compressions per update of A, read from the job list trie-hasher.ts leaves in the shared arena after each
// digest (its layout recomputed here: view slots, view input, root out, jobs; the last job is the view's).
function countA(g: GraphState, s: Sequence): number {
  const viewBlocks = blake3BlockCount(graphDigestTemplate().bytes.length);
  const viewSlotsAt = Math.ceil(blake3Arena.start / 64) * 64;
  const rootOutAt = Math.ceil((viewSlotsAt + viewBlocks * 32 + viewBlocks * 64) / 64) * 64;
  const jobsWord = (rootOutAt + 32) >> 2;
  let total = 0;
  for (let i = 0; i < s.record.length; i++) {
    g.replaceNode(g.node(ids[s.record[i]!]!)!, pool[s.hash[i]!]!);
    g.digest();
    for (let w = jobsWord; ; w += blake3_job_words) {
      total += blake3Arena.words[w + 3]! - blake3Arena.words[w + 2]!;
      if (blake3Arena.words[w] === viewSlotsAt) break;
    }
  }
  return total / s.record.length;
}
if (proto && gs) {
  const c = sequence(555, 20000);
  const before = proto.compressions;
  runB(proto, c, true);
  const perB = (proto.compressions - before) / c.record.length;
  console.log(
    `compressions per update over ${c.record.length} further updates: A ${countA(gs, c).toFixed(2)}, B ${perB.toFixed(2)}`,
  );
  applyToHashes(current, c);
  checkAgainstGraphState(proto, gs, "after the timed runs");
  checkFromScratch(proto, current, "after the timed runs");
}
console.log(
  `\nmedian of ${runs} runs of ${updates} updates (min..max), us per update; load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}:`,
);
for (const [k, v] of Object.entries(times)) {
  if (v.length) console.log(`  ${k.padEnd(6)} ${fmt(median(v))}  (${fmt(Math.min(...v))}..${fmt(Math.max(...v))})`);
}
if (proto && !gs) {
  const perUpdate = proto.compressions / (proto.compressions > 0 ? countUpdates() : 1);
  console.log(`prototype: ${perUpdate.toFixed(2)} compressions per update (leaf + path + view)`);
}
function countUpdates(): number {
  // update() calls counted into proto.compressions: verify (ab only), warm-up twice, and B + Bnh per run.
  return 2 * warmup + 2 * runs * updates;
}
if (mode === "ab") {
  // Floor: ns per compression with everything in cache (one 9-block job over the same bytes, 1000 per call).
  const w = newSpikeWasm(1 << 20);
  const jobsAt = 65536;
  for (let j = 0; j < 1000; j++) w.words.set([1024, 2048, 0, 9, 566, 0], (jobsAt >> 2) + j * blake3_job_words);
  const calls = 300;
  for (let k = 0; k < 50; k++) w.runJobs(jobsAt, 1000);
  const ns: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < calls; k++) w.runJobs(jobsAt, 1000);
    ns.push(Number(process.hrtime.bigint() - t0) / (calls * 1000 * 9));
  }
  console.log(
    `hot compression floor: ${fmt(median(ns))} ns per block (min ${fmt(Math.min(...ns))}, max ${fmt(Math.max(...ns))})`,
  );
}
memory("end");
