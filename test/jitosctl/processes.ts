/**
 * Test support: a real jitosd child process on a free port with a temporary data directory, and jitosctl run as a
 * child process against it, both from source so tests never run a stale dist/: jitosd through tsx, jitosctl
 * bundled once per test file with esbuild (a tsx start per command would cost about a second each).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { build } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collect } from "../cli/wesley-process.js";
import type { ProcessResult } from "../cli/wesley-process.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const JITOSD_ENTRY = join(REPO_ROOT, "runtime/server/main.ts");
const JITOSCTL_ENTRY = join(REPO_ROOT, "runtime/jitosctl/main.ts");
const TSX_LOADER = import.meta.resolve("tsx");
/** How long jitosd may take to print its "listening on" line (tsx compiles the server on first start). */
const JITOSD_START_MS_MAX = 60_000;
/**
 * A test that runs several jitosctl processes one after another: each starts a Node process (about 0.4 s of CPU),
 * and the machine running the suite may be shared, so such tests get more than vitest's default.
 */
export const PROCESS_TEST_MS_MAX = 300_000;
/** How long jitosd may take to stop after SIGTERM. */
const JITOSD_STOP_MS_MAX = 30_000;

// One way to gather a child's output for every process test (wesley's, jitosd's, jitosctl's).
export { collect } from "../cli/wesley-process.js";
export type { ProcessResult } from "../cli/wesley-process.js";

export interface Jitosd {
  readonly url: string;
  readonly dataDir: string;
  /** Everything jitosd printed so far (for failure messages). */
  readonly log: () => string;
  /** SIGTERM, then wait for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `jitosd --data-dir <dataDir> --port 0` and waits until it listens. */
export async function startJitosd(dataDir: string, extraArgs: readonly string[] = []): Promise<Jitosd> {
  const child = spawn(
    process.execPath,
    ["--import", TSX_LOADER, JITOSD_ENTRY, "--data-dir", dataDir, "--port", "0", ...extraArgs],
    { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jitosd did not start in time:\n${output}`)), JITOSD_START_MS_MAX);
    const check = () => {
      const match = /listening on (http:\/\/\S+?)(?:\s|$)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve(match[1].replace(/[,;)]$/, ""));
    };
    child.stdout.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`jitosd exited with ${String(code)} before listening:\n${output}`));
    });
  });
  return {
    url: url.endsWith("/graphql") ? url : `${url.replace(/\/$/, "")}/graphql`,
    dataDir,
    log: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), JITOSD_STOP_MS_MAX);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A fresh temporary data directory; remove it with removeDataDir. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "jitosctl-test-"));
}

export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

const BUNDLE_DIR = join(REPO_ROOT, ".tmp", "jitosctl-tests");
let bundle: string | undefined;

/**
 * Bundles runtime/jitosctl/main.ts (dependencies stay external, resolved from the repository's node_modules) into
 * .tmp; call in beforeAll. Each test file (each vitest worker) gets its own bundle, so parallel files never share one.
 */
export async function bundleJitosctl(): Promise<void> {
  await mkdir(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, `jitosctl-${process.pid}.mjs`);
  await build({
    entryPoints: [JITOSCTL_ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  bundle = outfile;
}

export async function removeJitosctlBundle(): Promise<void> {
  if (bundle !== undefined) await rm(bundle, { force: true });
}

/** Starts `jitosctl <args>` (the bundle from bundleJitosctl, else the source through tsx). */
export function startJitosctl(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
  const entry = bundle === undefined ? ["--import", TSX_LOADER, JITOSCTL_ENTRY] : [bundle];
  // The caller's own JITOSD_URL must not leak into a test; tests that need it pass it in `env`.
  const { JITOSD_URL: _ignored, ...inherited } = process.env;
  return spawn(process.execPath, [...entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `jitosctl <args>` to completion. */
export function jitosctl(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ProcessResult> {
  return collect(startJitosctl(args, env));
}

/** Runs `jitosctl <args> --json --url <url>` and parses stdout; fails with stderr when it does not exit 0. */
export async function jitosctlJson<T>(url: string, args: readonly string[]): Promise<T> {
  const result = await jitosctl([...args, "--json", "--url", url]);
  if (result.code !== 0) {
    throw new Error(`jitosctl ${args.join(" ")} exited ${String(result.code)}:\n${result.stderr}${result.stdout}`);
  }
  return JSON.parse(result.stdout) as T;
}
