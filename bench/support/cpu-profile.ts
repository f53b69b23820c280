// V8 CPU profiles for the benchmarks' profile scripts: sample one async piece of work, keep the raw profile for
// Chrome DevTools / speedscope, and print self-time top lists (by function, and optionally by file).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
}

export interface ProfiledRun {
  readonly profile: CpuProfile;
  readonly elapsedMs: number;
  /** This process's CPU time (user + system, all threads) over the work, in microseconds. */
  readonly cpuMicros: number;
}

/** Sampling interval of the profiler, microseconds: fine enough for functions of a few microseconds. */
const sampling_interval_us = 100;

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Runs `work` under the CPU profiler and writes the raw profile to `file`. */
export async function profileCpu(file: string, work: () => void | Promise<void>): Promise<ProfiledRun> {
  const session = new Session();
  session.connect();
  try {
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: sampling_interval_us });
    await post(session, "Profiler.start");
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await work();
    const cpu = process.cpuUsage(cpuStart);
    const elapsedMs = performance.now() - started;
    const { profile } = await post<{ profile: CpuProfile }>(session, "Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    return { profile, elapsedMs, cpuMicros: cpu.user + cpu.system };
  } finally {
    session.disconnect();
  }
}

export interface SelfTimes {
  /** Samples in the profile. */
  readonly total: number;
  /** "function file:line" -> samples whose top frame it was. */
  readonly byFunction: ReadonlyMap<string, number>;
  /** file (or "(native)") -> samples. */
  readonly byFile: ReadonlyMap<string, number>;
}

/** Self samples per function and per file; paths are shortened to runtime/, node_modules/ or bench/. */
export function selfTimes(profile: CpuProfile): SelfTimes {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const shortUrl = url.replace(/^.*\/(runtime|node_modules|bench)\//, "$1/");
    const key = `${functionName || "(anonymous)"}${url === "" ? "" : ` ${shortUrl}:${lineNumber + 1}`}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const fileKey = url === "" ? `(${functionName || "native"})` : shortUrl;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + hits);
  }
  return { total, byFunction, byFile };
}

/** Prints the `max` largest entries of `counts` as percentages of `total`. */
export function printTop(counts: ReadonlyMap<string, number>, total: number, max: number): void {
  for (const [key, hits] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, max)) {
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}
