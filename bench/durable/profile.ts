// CPU profile of the durable benchmark's kernel side and of its replay, as self-time top lists (by function and by
// file), to find what the durable and replay paths spend beyond the apply itself.
//   npx tsx bench/durable/profile.ts [entries=30000] [durable|replay|both]
// Writes the raw profiles to $TMPDIR/durable-<phase>.cpuprofile for Chrome DevTools / speedscope as well.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { taskDomain } from "../../runtime/domain/sample/task-domain.js";
import { Kernel } from "../../runtime/kernel/index.js";
import { runClients } from "./workload.js";

const entries = Number(process.argv[2] ?? 30_000);
const phases = process.argv[3] ?? "both";
const clients = 64;
/** Functions and files listed in the top lists. */
const top_functions_max = 45;
const top_files_max = 25;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
}

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

async function profiled(label: string, count: () => number, work: () => Promise<void>): Promise<void> {
  const session = new Session();
  session.connect();
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: 100 });
  await post(session, "Profiler.start");
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  const elapsedMs = performance.now() - started;
  const { profile } = await post<{ profile: Profile }>(session, "Profiler.stop");
  session.disconnect();
  const file = join(tmpdir(), `durable-${label}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const n = count();
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const shortUrl = url.replace(/^.*\/(runtime|node_modules|bench)\//, "$1/");
    const where = url === "" ? "" : ` ${shortUrl}:${lineNumber + 1}`;
    const key = `${functionName || "(anonymous)"}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const fileKey = url === "" ? `(${functionName || "native"})` : shortUrl;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + hits);
  }
  console.log(
    `\n${label}: ${n} entries, ${((elapsedMs * 1000) / n).toFixed(1)} us/entry wall, ` +
      `${((cpu.user + cpu.system) / n).toFixed(1)} us/entry CPU (profiler on); ${total} samples; ${file}`,
  );
  const show = (map: Map<string, number>, max: number): void => {
    for (const [key, hits] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, max)) {
      console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log("-- by file --");
  show(byFile, top_files_max);
  console.log("-- by function --");
  show(byFunction, top_functions_max);
}

const dir = mkdtempSync(join(tmpdir(), "durable-profile-"));
try {
  let kernel = await Kernel.open({ dataDir: dir, domain: taskDomain, fsync: "group" });
  if (phases === "replay") {
    await runClients(kernel, { clients, entries, mixUpdates: false });
  } else {
    await profiled(
      "durable",
      () => kernel.nextIdx,
      () => runClients(kernel, { clients, entries, mixUpdates: false }),
    );
  }
  await kernel.close();
  if (phases !== "durable") {
    for (const name of readdirSync(dir)) if (name.endsWith(".snap")) rmSync(join(dir, name));
    await profiled(
      "replay",
      () => kernel.nextIdx,
      async () => {
        kernel = await Kernel.open({ dataDir: dir, domain: taskDomain, fsync: "group", checkpointEveryRecords: 0 });
      },
    );
    await kernel.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
