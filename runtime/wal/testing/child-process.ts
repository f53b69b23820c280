import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const crash_child_path = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** A running crash child with its stdout split into lines as they arrive. */
export interface RunningChild {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the first line matching `pattern` (rejects if the child exits first). */
  waitForLine(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startChild(args: string[]): RunningChild {
  return startChildScript(crash_child_path, args);
}

/** Starts `node <nodeArgs> <script> ...args`; by default through tsx (the WAL's crash child, or another suite's). */
export function startChildScript(
  script: string | URL,
  args: string[],
  nodeArgs: readonly string[] = ["--import", "tsx"],
): RunningChild {
  const path = typeof script === "string" ? script : fileURLToPath(script);
  const child = spawn(process.execPath, [...nodeArgs, path, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`child exited (${code ?? signal}) before printing ${waiter.pattern}: ${stderr}`));
      }
      resolve({ code, signal });
    }),
  );
  return {
    process: child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const found = lines.find((line) => pattern.test(line));
        if (found !== undefined) resolve(found);
        else waiters.push({ pattern, resolve, reject });
      }),
  };
}
