// Test support: a real jitosd child process (the TypeScript entry point run by node + tsx) on 127.0.0.1 and a
// free port (--port 0; the port is read from the "listening on" line), with a temporary data directory.
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo_root = fileURLToPath(new URL("../../..", import.meta.url));
const main_ts = join(repo_root, "runtime/server/main.ts");

/** Start-up under a loaded 2-core machine (tsx compiles on the fly) can take a while. */
const start_timeout_ms = 90_000;

export interface Daemon {
  readonly url: string;
  readonly wsUrl: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly dataDir: string | null;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface ExitedDaemon {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "jitosd-test-"));
}

export async function removeDir(dir: string | null): Promise<void> {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
}

function spawnDaemon(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", main_ts, ...args], { cwd: repo_root, env: { ...process.env, NO_COLOR: "1" } });
}

/** Runs jitosd expecting it to exit by itself (usage errors, start-up failures). */
export function runDaemonToExit(args: readonly string[]): Promise<ExitedDaemon> {
  const child = spawnDaemon(args);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ code: code ?? signal ?? "?", stdout, stderr }));
  });
}

/** Starts jitosd with `args` (add --data-dir or --in-memory yourself) on a free port. */
export async function startDaemon(args: readonly string[], dataDir: string | null = null): Promise<Daemon> {
  const child = spawnDaemon([...(dataDir === null ? [] : ["--data-dir", dataDir]), "--port", "0", ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "?")));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jitosd did not start in ${start_timeout_ms} ms:\n${stdout}\n${stderr}`)), start_timeout_ms);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`jitosd exited with ${code} before listening:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    child,
    dataDir,
    stdout: () => stdout,
    stderr: () => stderr,
    stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      return exited;
    },
  };
}

export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly data?: Data | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string; readonly [key: string]: unknown } }[];
}

/** POSTs an operation; resolves with the HTTP status and the parsed body. */
export async function graphql<Data = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  init: { readonly headers?: Record<string, string>; readonly extensions?: Record<string, unknown> } = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: JSON.stringify({ query, variables, ...(init.extensions !== undefined && { extensions: init.extensions }) }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, "status" | "headers">;
  return { status: response.status, headers: response.headers, ...body };
}

/** Like graphql(), but fails the test with the errors when there are any. */
export async function data<Data = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>): Promise<Data> {
  const response = await graphql<Data>(url, query, variables);
  if (response.errors !== undefined || response.data === undefined || response.data === null) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The extensions.code of each error, in order. */
export function codes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}
