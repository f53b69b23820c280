// jitosd benchmark (README.md): applyRewrite throughput over HTTP at 1, 8 and 64 concurrent clients against the
// same rewrites applied in process, and subscription fan-out latency to 100 WebSocket subscribers.
//
//   npx tsx bench/server/run.ts        (env: SERVER_BENCH_RUNS, SERVER_BENCH_SECONDS, SERVER_BENCH_SUBSCRIBERS, SERVER_BENCH_EVENTS,
//                                       SERVER_BENCH_CLIENTS, SERVER_BENCH_FANOUT)
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { domain } from "../../generated/domain.js";
import { folds } from "../../generated/bindings.js";
import { Kernel } from "../../runtime/kernel/index.js";
import { open_access } from "../../runtime/server/auth/authorizer.js";
import { default_limits } from "../../runtime/server/config/limits.js";
import { RewriteFeed } from "../../runtime/server/events/rewrite-feed.js";
import { OperationExecutor } from "../../runtime/server/execution/compiled-operations.js";
import { buildApiSchema } from "../../runtime/server/graph-api/schema.js";
import { openKernelHost } from "../../runtime/server/kernel-host/kernel-host.js";
import { server_version } from "../../runtime/server/version.js";
import { execute, parse } from "graphql";

const repo_root = fileURLToPath(new URL("../..", import.meta.url));
/** The daemon runs compiled, as the `jitosd` bin does (no tsx loader in the measured process). */
const dist_dir = join(repo_root, "bench/.work/server-dist");
const runs = Number(process.env["SERVER_BENCH_RUNS"] ?? 3);
const seconds = Number(process.env["SERVER_BENCH_SECONDS"] ?? 3);
const subscriber_count = Number(process.env["SERVER_BENCH_SUBSCRIBERS"] ?? 100);
const fanout_events = Number(process.env["SERVER_BENCH_EVENTS"] ?? 200);
/** Client counts measured over HTTP; 64 is the issue's target point and is always measured. */
const concurrencies = [...new Set([...(process.env["SERVER_BENCH_CLIENTS"] ?? "1,8,64").split(",").map(Number), 64])].sort((a, b) => a - b);
/** SERVER_BENCH_FANOUT=0 skips the fan-out part (for quick throughput passes). */
const measure_fanout = process.env["SERVER_BENCH_FANOUT"] !== "0";

const apply_mutation = `mutation Apply($view: ViewInput!, $rewrite: RewriteInput!) { applyRewrite(view: $view, rewrite: $rewrite) { receipt { rewriteIdx } } }`;
/** The fan-out matches events to sends by history idx (rewriteIdx numbers rewrites per view). */
const fanout_mutation = `mutation Apply($view: ViewInput!, $rewrite: RewriteInput!) { applyRewrite(view: $view, rewrite: $rewrite) { receipt { idx } } }`;
const rewrite_of = (n: number) => ({ ops: [{ op: "AddNode", data: { kind: "Bench", payload_b64: Buffer.from(`payload ${n}`).toString("base64") } }] });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// ---- in process --------------------------------------------------------------------------------------------

/** `workers` closed loops, each applying one rewrite and awaiting its durability before the next. */
async function inProcessRate(workers: number): Promise<{ rate: number; cpuMicrosPerRewrite: number }> {
  const dir = await mkdtemp(join(tmpdir(), "jitosd-bench-inproc-"));
  const kernel = await Kernel.open({ dataDir: dir, domain, folds });
  try {
    const sws = kernel.createSws();
    await kernel.durable();
    let n = 0;
    const cpu = process.cpuUsage();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < deadline) {
          const { idx } = kernel.apply(sws, rewrite_of(n++).ops as never);
          await kernel.durable(idx);
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return { rate: n / seconds, cpuMicrosPerRewrite: (used.user + used.system) / n };
  } finally {
    await kernel.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The same applyRewrite mutation executed against jitosd's schema in this process, no HTTP: by graphql-js, or by
 * jitosd's executor (compiled after the first execution, ADR 0104).
 */
async function inProcessGraphqlRate(workers: number, executor: "graphql-js" | "jitosd"): Promise<{ rate: number; cpuMicrosPerRewrite: number }> {
  const dir = await mkdtemp(join(tmpdir(), "jitosd-bench-gql-"));
  const host = await openKernelHost({ domain, dataDir: dir, folds });
  try {
    const feed = new RewriteFeed(host.kernel);
    const schema = buildApiSchema({ host, domain, feed, limits: default_limits, version: server_version, auth: open_access, derivedFields: folds.flatMap((fold) => fold.derives) });
    const sws = host.kernel.createSws();
    await host.acknowledge(host.kernel.nextIdx - 1);
    const document = parse(apply_mutation);
    const run = executor === "graphql-js" ? execute : new OperationExecutor(schema).execute;
    let n = 0;
    const cpu = process.cpuUsage();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < deadline) {
          const result = await run({ schema, document, variableValues: { view: { kind: "SWS", swsId: sws }, rewrite: rewrite_of(n++) }, contextValue: { principal: null } });
          if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return { rate: n / seconds, cpuMicrosPerRewrite: (used.user + used.system) / n };
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- the daemon --------------------------------------------------------------------------------------------

interface RunningDaemon {
  readonly url: string;
  /** CPU seconds (user + system) the daemon's process has used so far, from /proc (10 ms resolution). */
  cpuSeconds(): number;
  stop(): Promise<{ maxRssKiB: number | null }>;
}

async function childPids(parent: number): Promise<number[]> {
  const ps = spawn("ps", ["-o", "pid=", "--ppid", String(parent)]);
  let text = "";
  ps.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => ps.on("exit", resolve));
  return text.split(/\s+/).filter((pid) => pid !== "").map(Number);
}

function cpuSecondsOf(pid: number): number {
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (USER_HZ = 100).
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The floor: a bare node:http server that parses the JSON body and answers a fixed receipt (no GraphQL, no kernel). */
const bare_server = `
const { createServer } = require("node:http");
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    JSON.parse(body);
    const answer = '{"data":{"applyRewrite":{"receipt":{"rewriteIdx":1}}}}';
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
    res.end(answer);
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port + "/graphql"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

async function startBareServer(): Promise<RunningDaemon> {
  const child = spawn(process.execPath, ["-e", bare_server]);
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve) => {
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 20);
  });
  return {
    url,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      return { maxRssKiB: null };
    },
  };
}

async function startDaemon(dataDir: string): Promise<RunningDaemon> {
  // /usr/bin/time -v reports the daemon's peak RSS when it exits.
  const child = spawn("/usr/bin/time", ["-v", process.execPath, join(dist_dir, "runtime/server/main.js"), "--data-dir", dataDir, "--port", "0"], { cwd: repo_root });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 20);
    void exited.then(() => reject(new Error(`jitosd exited:\n${stdout}\n${stderr}`)));
  });
  const [nodePid] = await childPids(child.pid!);
  if (nodePid === undefined) throw new Error("cannot find jitosd's process under /usr/bin/time");
  return {
    url,
    cpuSeconds: () => cpuSecondsOf(nodePid),
    async stop() {
      // SIGTERM the node child, not /usr/bin/time, which would not pass it on.
      process.kill(nodePid, "SIGTERM");
      await exited;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      return { maxRssKiB: rss === null ? null : Number(rss[1]) };
    },
  };
}

function post(agent: Agent, url: URL, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function httpRate(daemon: RunningDaemon, clients: number, swsId: string): Promise<{ rate: number; serverCpuMicrosPerRewrite: number }> {
  const url = daemon.url;
  const cpuBefore = daemon.cpuSeconds();
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const text = await post(agent, target, JSON.stringify({ query: apply_mutation, variables: { view: { kind: "SWS", swsId }, rewrite: rewrite_of(n) } }));
        if (text.includes('"errors"')) throw new Error(text);
        n += 1;
      }
    }),
  );
  agent.destroy();
  return { rate: n / seconds, serverCpuMicrosPerRewrite: ((daemon.cpuSeconds() - cpuBefore) * 1e6) / n };
}

async function createSws(url: string): Promise<string> {
  const agent = new Agent({ keepAlive: false });
  const text = await post(agent, new URL(url), JSON.stringify({ query: "mutation { createSws { sws { id } } }" }));
  return (JSON.parse(text) as { data: { createSws: { sws: { id: string } } } }).data.createSws.sws.id;
}

/** 100 subscribers on sws:<id>; one rewrite every 10 ms; latency = event received - mutation sent, per subscriber. */
interface FanOut {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly samples: number;
  /** Per event, each subscriber's receipt after the first subscriber's: the spread of the fan-out alone. */
  readonly spreadP50: number;
  readonly spreadP99: number;
}

async function fanOut(url: string, swsId: string): Promise<FanOut> {
  const wsUrl = url.replace(/^http/, "ws");
  const sentAt = new Map<number, number>();
  const receivedAt = new Map<number, number[]>();
  const latencies: number[] = [];
  const clients = Array.from({ length: subscriber_count }, () => createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 }));
  let ready = 0;
  const received = clients.map(
    (client) =>
      new Promise<void>((resolve, reject) => {
        let count = 0;
        client.subscribe<{ rewrites: { idx: number } }>(
          { query: `subscription ($view: ViewInput!) { rewrites(view: $view) { idx } }`, variables: { view: { kind: "SWS", swsId } } },
          {
            next: (event) => {
              const idx = event.data!.rewrites.idx;
              const now = performance.now();
              const sent = sentAt.get(idx);
              if (sent !== undefined) latencies.push(now - sent);
              let times = receivedAt.get(idx);
              if (times === undefined) receivedAt.set(idx, (times = []));
              times.push(now);
              if (++count === fanout_events) resolve();
            },
            error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
            complete: () => resolve(),
          },
        );
        client.on("connected", () => (ready += 1));
      }),
  );
  while (ready < subscriber_count) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 500)); // subscribe messages processed
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  // Rewrites are sent one at a time and nothing else writes, so each gets the next idx; the send time is recorded
  // under it before the request goes out (a subscriber may see the event before the HTTP answer arrives).
  const info = JSON.parse(await post(agent, target, JSON.stringify({ query: "{ kernelInfo { nextIdx } }" }))) as { data: { kernelInfo: { nextIdx: number } } };
  let nextIdx = info.data.kernelInfo.nextIdx;
  for (let n = 0; n < fanout_events; n++) {
    sentAt.set(nextIdx, performance.now());
    const text = await post(agent, target, JSON.stringify({ query: fanout_mutation, variables: { view: { kind: "SWS", swsId }, rewrite: rewrite_of(n) } }));
    const idx = (JSON.parse(text) as { data: { applyRewrite: { receipt: { idx: number } } } }).data.applyRewrite.receipt.idx;
    if (idx !== nextIdx) throw new Error(`expected rewrite idx ${nextIdx}, got ${idx}: something else wrote`);
    nextIdx += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(received);
  agent.destroy();
  await Promise.all(clients.map((client) => client.dispose()));
  const sorted = latencies.sort((a, b) => a - b);
  const spreads: number[] = [];
  for (const times of receivedAt.values()) {
    const first = Math.min(...times);
    for (const time of times) spreads.push(time - first);
  }
  spreads.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    samples: sorted.length,
    spreadP50: percentile(spreads, 50),
    spreadP99: percentile(spreads, 99),
  };
}

// ---- main --------------------------------------------------------------------------------------------------

type Point = { rate: number; cpu: number };
const inProcess: Record<number, Point[]> = { 1: [], 64: [] };
const inProcessGraphql: Point[] = [];
const inProcessCompiled: Point[] = [];
const loadAverages: string[] = [];
const loadNow = () => loadavg().map((value) => value.toFixed(1)).join(" ");
const bareHttp: Point[] = [];
const overHttp: Record<number, Point[]> = Object.fromEntries(concurrencies.map((c) => [c, [] as Point[]]));
const fanouts: FanOut[] = [];
const rss: number[] = [];

console.log("compiling the daemon into bench/.work/server-dist ...");
const build = spawnSync(process.execPath, [join(repo_root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dist_dir, "--incremental", "false", "--declaration", "false", "--sourceMap", "false"], { cwd: repo_root, encoding: "utf8" });
if (build.status !== 0) console.log(`tsc reported errors (outside the daemon?); using what it emitted:\n${build.stdout.slice(0, 2000)}`);

for (let run = 0; run < runs; run++) {
  loadAverages.push(loadNow());
  for (const workers of [1, 64]) {
    const measured = await inProcessRate(workers);
    inProcess[workers]!.push({ rate: measured.rate, cpu: measured.cpuMicrosPerRewrite });
  }
  const graphqlMeasured = await inProcessGraphqlRate(64, "graphql-js");
  inProcessGraphql.push({ rate: graphqlMeasured.rate, cpu: graphqlMeasured.cpuMicrosPerRewrite });
  const compiledMeasured = await inProcessGraphqlRate(64, "jitosd");
  inProcessCompiled.push({ rate: compiledMeasured.rate, cpu: compiledMeasured.cpuMicrosPerRewrite });
  const bare = await startBareServer();
  try {
    const measured = await httpRate(bare, 64, "0");
    bareHttp.push({ rate: measured.rate, cpu: measured.serverCpuMicrosPerRewrite });
  } finally {
    await bare.stop();
  }
  const dir = await mkdtemp(join(tmpdir(), "jitosd-bench-"));
  const daemon = await startDaemon(dir);
  try {
    for (const clients of concurrencies) {
      const sws = await createSws(daemon.url);
      const measured = await httpRate(daemon, clients, sws);
      overHttp[clients]!.push({ rate: measured.rate, cpu: measured.serverCpuMicrosPerRewrite });
    }
    if (measure_fanout) fanouts.push(await fanOut(daemon.url, await createSws(daemon.url)));
  } finally {
    const { maxRssKiB } = await daemon.stop();
    if (maxRssKiB !== null) rss.push(maxRssKiB);
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`run ${run + 1}/${runs} done`);
}

const rates = (points: readonly Point[]) => points.map((p) => p.rate.toFixed(0)).join(", ");
const inProc64 = median(inProcess[64]!.map((p) => p.rate));
const inProcCpu64 = median(inProcess[64]!.map((p) => p.cpu));
console.log(`\napplyRewrite (one AddNode op), durable (group commit), ${seconds} s per point, median of ${runs} runs`);
console.log(`  load average (1, 5, 15 min) at the start of each run: ${loadAverages.join(" | ")}; at the end: ${loadNow()}`);
for (const workers of [1, 64]) {
  console.log(`  in process, ${String(workers).padStart(2)} workers: ${median(inProcess[workers]!.map((p) => p.rate)).toFixed(0)} rewrites/s, ${median(inProcess[workers]!.map((p) => p.cpu)).toFixed(0)} us CPU/rewrite   (runs: ${rates(inProcess[workers]!)})`);
}
const graphqlRate = median(inProcessGraphql.map((p) => p.rate));
console.log(`  in process through graphql-js (the API's schema and resolvers, no HTTP), 64 workers: ${graphqlRate.toFixed(0)} rewrites/s, ${median(inProcessGraphql.map((p) => p.cpu)).toFixed(0)} us CPU/rewrite   (runs: ${rates(inProcessGraphql)})`);
console.log(`  in process through jitosd's executor (compiled, ADR 0104), 64 workers: ${median(inProcessCompiled.map((p) => p.rate)).toFixed(0)} rewrites/s, ${median(inProcessCompiled.map((p) => p.cpu)).toFixed(0)} us CPU/rewrite   (runs: ${rates(inProcessCompiled)})`);
const bareCpu = median(bareHttp.map((p) => p.cpu));
console.log(
  `  floor: bare node:http server answering a fixed receipt, 64 clients: ${median(bareHttp.map((p) => p.rate)).toFixed(0)} requests/s, ${bareCpu.toFixed(0)} us CPU/request ` +
    `(so at best ${(inProcCpu64 / (inProcCpu64 + bareCpu)).toFixed(2)}x the in-process CPU efficiency over HTTP)   (runs: ${rates(bareHttp)})`,
);
for (const clients of concurrencies) {
  const rate = median(overHttp[clients]!.map((p) => p.rate));
  const cpu = median(overHttp[clients]!.map((p) => p.cpu));
  console.log(
    `  HTTP, ${String(clients).padStart(2)} clients:       ${rate.toFixed(0)} rewrites/s = ${(rate / inProc64).toFixed(2)}x in-process(64), ${(rate / graphqlRate).toFixed(2)}x in-process graphql-js(64); daemon ${cpu.toFixed(0)} us CPU/rewrite = ${(inProcCpu64 / cpu).toFixed(2)}x CPU efficiency   (runs: ${rates(overHttp[clients]!)})`,
  );
}
// The load drifts between runs: the ratio of each run's HTTP rate to the in-process rate measured in the same run.
const perRunRatio = overHttp[64]!.map((point, run) => point.rate / inProcess[64]![run]!.rate);
console.log(`  HTTP 64 clients / in-process(64) within each run: ${perRunRatio.map((ratio) => ratio.toFixed(2)).join(", ")} (median ${median(perRunRatio).toFixed(2)}x)`);
if (measure_fanout) {
  console.log(`\nfan-out to ${subscriber_count} WebSocket subscribers, ${fanout_events} rewrites 10 ms apart; latency = mutation sent -> event received`);
  console.log(`  p50 ${median(fanouts.map((f) => f.p50)).toFixed(1)} ms, p99 ${median(fanouts.map((f) => f.p99)).toFixed(1)} ms, max ${median(fanouts.map((f) => f.max)).toFixed(1)} ms (medians over runs; ${fanouts[0]?.samples ?? 0} samples per run)`);
  console.log(`  per run p99: ${fanouts.map((f) => f.p99.toFixed(1)).join(", ")} ms`);
  console.log(`  spread (each subscriber after the first to receive the same event): p50 ${median(fanouts.map((f) => f.spreadP50)).toFixed(1)} ms, p99 ${median(fanouts.map((f) => f.spreadP99)).toFixed(1)} ms`);
}
console.log(`\ndaemon peak RSS: ${rss.map((kib) => `${(kib / 1024).toFixed(0)} MiB`).join(", ")}`);
