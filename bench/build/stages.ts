// Where `wesley build`'s time goes on GitHub's schema: CPU time of each stage, measured cold (first call in a
// fresh process, as a build pays it), from the compiled code in dist/. Median of BENCH_RUNS processes (default 5).
// Run from the repository root after `npm run build`: `npx tsx bench/build/stages.ts`. See bench/build/README.md.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const RUNS = Number(process.env["BENCH_RUNS"] ?? "5");
/** One process of this script takes about two seconds; anything near this means something is wrong. */
const RUN_TIMEOUT_MS = 60_000;

/** Runs in a fresh `node` process: each stage's CPU milliseconds (user + sys), as JSON on stdout. */
const STAGE_SCRIPT = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times = {};
const stage = async (name, work) => { const t = cpu(); const result = await work(); times[name] = cpu() - t; return result; };
const load = await stage("import loader (graphql-js, validation, IR)", () => import("./dist/generator/load/index.js"));
const loaded = await stage("loadProject: parse, validate, build schema, IR", () =>
  load.loadProject({ cwd: process.cwd(), schema: ["node_modules/@octokit/graphql-schema/schema.graphql"], skipHashes: true }));
const ir = await import("./dist/generator/ir/index.js");
const meta = await stage("hash IR + registry (canonical CBOR, BLAKE3)", () => ({
  schemaHash: ir.hashIR(loaded.ir), registryHash: ir.hashRegistry(loaded.ir.registry), generatorVersion: "bench" }));
const emit = await stage("import emitters", () => import("./dist/generator/emit/index.js"));
await stage("import ts-morph (not on this path: more than 500 types)", async () => (await import("node:module")).createRequire(import.meta.url + "/../")("ts-morph"));
await stage("emit all files, structure-text printer (what wesley build uses here)", () => emit.emitJitosSync(loaded.ir, meta, emit.structureTextPrinter));
await stage("emit all files, ts-morph printStructure", () => emit.emitJitosSync(loaded.ir, meta, emit.tsMorphPrinter));
process.stdout.write(JSON.stringify(times));
`;

function main(): void {
  const samples: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", STAGE_SCRIPT], {
      encoding: "utf8",
      timeout: RUN_TIMEOUT_MS,
    });
    if (result.status !== 0) throw new Error(`stage script failed:\n${result.stderr}`);
    samples.push(JSON.parse(result.stdout) as Record<string, number>);
  }
  const load = readFileSync("/proc/loadavg", "utf8").trim();
  const lines = [`Median CPU ms per stage, cold, ${RUNS} fresh processes; load average after: ${load}`, ""];
  lines.push("| stage | CPU (ms) |", "| --- | ---: |");
  for (const name of Object.keys(samples[0] ?? {})) {
    const values = samples.map((sample) => sample[name] ?? 0).sort((a, b) => a - b);
    lines.push(`| ${name} | ${(values[Math.floor(values.length / 2)] ?? 0).toFixed(0)} |`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
