// `wesley diff` against `graphql-inspector diff` on GitHub's public schema 14.58.0 -> 15.25.0:
// `npx tsx bench/diff/run.ts [--runs N]`. Whole-process wall time (median of N runs) and peak RSS from
// /usr/bin/time -v, each tool started the way users start it:
// - wesley: compiled JavaScript, as `npm install` ships it in dist/ (bundled here with esbuild so the benchmark does
//   not depend on the rest of the project compiling), plus the tsx path the tests use, for reference;
// - graphql-inspector: its CLI, installed at bench time into bench/.work/inspector (never into package.json).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const INSPECTOR_VERSION = "7.0.0";
const root = join(import.meta.dirname, "../..");
const work = join(root, "bench/.work");
const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
const OLD = "node_modules/octokit-schema-14/schema.graphql";
const NEW = "node_modules/@octokit/graphql-schema/schema.graphql";

function ensureInspector(): string {
  const prefix = join(work, "inspector");
  const bin = join(prefix, "node_modules/.bin/graphql-inspector");
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    console.log(`installing @graphql-inspector/cli@${INSPECTOR_VERSION} into ${prefix} ...`);
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-audit",
        "--no-fund",
        `@graphql-inspector/cli@${INSPECTOR_VERSION}`,
        "graphql@16",
      ],
      { stdio: "inherit" },
    );
  }
  return bin;
}

async function bundleWesleyDiff(): Promise<string> {
  const outfile = join(work, "wesley-diff.mjs");
  await build({
    entryPoints: [join(root, "generator/diff/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
  readonly exitCode: number;
}

/** One whole-process run under /usr/bin/time -v; output is discarded (both tools print a report). */
function measure(command: string, args: readonly string[]): Sample {
  const result = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const stats = result.stderr;
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stats);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stats);
  const exit = /Exit status: (\d+)/.exec(stats);
  if (wall === null || rss === null) throw new Error(`no /usr/bin/time figures for ${command}:\n${stats.slice(-2000)}`);
  return {
    seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    rssMb: Number(rss[1]) / 1024,
    exitCode: Number(exit?.[1] ?? result.status),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Tool {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** Round-robin over the tools, so load from anything else on the machine hits every tool alike. */
function benchInterleaved(tools: readonly Tool[]) {
  for (const tool of tools) measure(tool.command, tool.args); // warm the file cache
  const samples = tools.map((): Sample[] => []);
  for (let run = 0; run < runs; run++) {
    tools.forEach((tool, i) => samples[i]?.push(measure(tool.command, tool.args)));
  }
  return tools.map((tool, i) => {
    const mine = samples[i] ?? [];
    return {
      name: tool.name,
      seconds: median(mine.map((s) => s.seconds)),
      rssMb: median(mine.map((s) => s.rssMb)),
      exitCodes: [...new Set(mine.map((s) => s.exitCode))].join(","),
    };
  });
}

const inspector = ensureInspector();
const bundle = await bundleWesleyDiff();
const results = benchInterleaved([
  { name: "wesley diff (compiled)", command: process.execPath, args: [bundle, OLD, NEW, "--format", "json"] },
  {
    name: "wesley diff (tsx)",
    command: process.execPath,
    args: ["--import", "tsx", "generator/diff/main.ts", OLD, NEW, "--format", "json"],
  },
  { name: `graphql-inspector diff ${INSPECTOR_VERSION}`, command: inspector, args: ["diff", OLD, NEW] },
]);
const inspectorSeconds = results[2]?.seconds ?? Number.NaN;
console.log(
  `\nGitHub schema 14.58.0 -> 15.25.0, median of ${runs} runs, node ${process.version}, ${cpus().length} cores\n`,
);
console.log("| tool | wall s | peak RSS MB | x inspector wall | exit |");
console.log("|---|---|---|---|---|");
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.seconds.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${(r.seconds / inspectorSeconds).toFixed(2)} | ${r.exitCodes} |`,
  );
}
