// Build benchmark: `wesley build` against graphql-codegen and a graphql-js floor on GitHub's public schema.
// Run from the repository root: `npx tsx bench/build/run.ts` (BENCH_RUNS=5 by default). See bench/build/README.md.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const SCHEMA = "node_modules/@octokit/graphql-schema/schema.graphql";
const SCHEMA_VERSION = (
  JSON.parse(readFileSync("node_modules/@octokit/graphql-schema/package.json", "utf8")) as { version: string }
).version;
const WORK = "bench/.work/build";
const WESLEY_BIN = "dist/generator/cli/wesley.js";
const TIME = "/usr/bin/time";
const RUNS = Number(process.env["BENCH_RUNS"] ?? "5");
/** A single run taking longer than this means something is wrong (the slowest tool takes a few seconds). */
const RUN_TIMEOUT_MS = 120_000;

interface Sample {
  readonly wallS: number;
  readonly cpuS: number;
  readonly rssMb: number;
}

interface Case {
  readonly name: string;
  readonly command: readonly string[];
  /** Runs before every timed run, untimed (e.g. delete the output so every run writes it). */
  readonly before?: () => void;
}

function main(): void {
  if (!existsSync(TIME)) {
    throw new Error(
      `${TIME} is missing; on Debian/Ubuntu install it with \`apt-get install -y time\` (the shell builtin cannot report peak RSS).`,
    );
  }
  if (!existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing; run \`npm ci\` first.`);
  buildWesley();
  mkdirSync(WORK, { recursive: true });
  const wesleyOut = join(WORK, "wesley-out");
  const noopOut = join(WORK, "wesley-noop-out");
  const wesleyBuild = (out: string, ...extra: string[]) => [
    process.execPath,
    WESLEY_BIN,
    "build",
    "--target",
    "jitos",
    "--schema",
    SCHEMA,
    "--out",
    out,
    ...extra,
  ];

  const cases: Case[] = [
    {
      name: "wesley build (all emitters)",
      command: wesleyBuild(wesleyOut, "--no-cache"),
      before: () => rmSync(wesleyOut, { recursive: true, force: true }),
    },
    {
      name: "graphql-codegen (typescript plugin)",
      command: [
        process.execPath,
        "node_modules/@graphql-codegen/cli/esm/bin.js",
        "--config",
        "bench/build/codegen.yml",
        "--silent",
      ],
      before: () => rmSync(join(WORK, "codegen-out"), { recursive: true, force: true }),
    },
    { name: "floor (graphql-js parse + buildSchema)", command: [process.execPath, "bench/build/floor.mjs", SCHEMA] },
    { name: "wesley build, no-op rebuild", command: wesleyBuild(noopOut) },
  ];
  // The no-op case needs an up-to-date output and build stamp to start from.
  run(wesleyBuild(noopOut));

  const results = new Map<string, Sample[]>();
  for (let round = 0; round < RUNS; round += 1) {
    // Interleave the cases so a burst of load from elsewhere on the machine hits them all alike.
    for (const c of cases) {
      c.before?.();
      results.set(c.name, [...(results.get(c.name) ?? []), run(c.command)]);
    }
  }
  printReport(cases, results);
}

function buildWesley(): void {
  const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (result.status !== 0)
    process.stderr.write("warning: `npm run build` reported errors; benchmarking the dist/ it emitted.\n");
  if (!existsSync(WESLEY_BIN)) throw new Error(`${WESLEY_BIN} is missing after \`npm run build\`.`);
}

/** One whole-process run under /usr/bin/time -v: wall time measured here, CPU time and peak RSS from time(1). */
function run(command: readonly string[]): Sample {
  const started = performance.now();
  const result = spawnSync(TIME, ["-v", ...command], { encoding: "utf8", timeout: RUN_TIMEOUT_MS });
  const wallS = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(`\`${command.join(" ")}\` exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  const field = (label: string): number => {
    const match = new RegExp(`${label}: ([\\d.]+)`).exec(result.stderr);
    if (match === null) throw new Error(`no "${label}" in the output of /usr/bin/time -v:\n${result.stderr}`);
    return Number(match[1]);
  };
  const cpuS = field("User time \\(seconds\\)") + field("System time \\(seconds\\)");
  return { wallS, cpuS, rssMb: field("Maximum resident set size \\(kbytes\\)") / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function printReport(cases: readonly Case[], results: ReadonlyMap<string, Sample[]>): void {
  const stat = (name: string, key: keyof Sample) => median((results.get(name) ?? []).map((sample) => sample[key]));
  const [wesley, codegen, floor, noop] = cases.map((c) => c.name) as [string, string, string, string];
  const outputBytes = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { files: Array<{ path: string }> };
    return manifest.files.reduce((sum, file) => sum + statSync(join(dir, file.path)).size, 0);
  };
  const load = execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).trim();
  const lines = [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; Node ${process.version}; load average before the report: ${load}`,
    `Input: @octokit/graphql-schema ${SCHEMA_VERSION} schema.graphql (${(statSync(SCHEMA).size / 1e6).toFixed(2)} MB); wesley output ${(outputBytes(join(WORK, "wesley-out")) / 1e6).toFixed(2)} MB`,
    `Median of ${RUNS} runs, whole process (wall measured around spawn; CPU = user + sys and peak RSS from /usr/bin/time -v).`,
    "",
    "| case | wall (s) | CPU (s) | peak RSS (MB) |",
    "| --- | ---: | ---: | ---: |",
    ...cases.map(
      (c) =>
        `| ${c.name} | ${stat(c.name, "wallS").toFixed(2)} | ${stat(c.name, "cpuS").toFixed(2)} | ${stat(c.name, "rssMb").toFixed(0)} |`,
    ),
    "",
    "| ratio | wall | CPU | target |",
    "| --- | ---: | ---: | --- |",
    `| wesley / codegen | ${(stat(wesley, "wallS") / stat(codegen, "wallS")).toFixed(2)} | ${(stat(wesley, "cpuS") / stat(codegen, "cpuS")).toFixed(2)} | <= 0.5 |`,
    `| wesley / floor | ${(stat(wesley, "wallS") / stat(floor, "wallS")).toFixed(2)} | ${(stat(wesley, "cpuS") / stat(floor, "cpuS")).toFixed(2)} | <= 2 |`,
    `| no-op rebuild (s) | ${stat(noop, "wallS").toFixed(2)} | ${stat(noop, "cpuS").toFixed(2)} | <= 0.3 s |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
