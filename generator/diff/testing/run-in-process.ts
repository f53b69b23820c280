import { runDiffCommand } from "../cli.js";
import type { DiffCommandOptions } from "../cli.js";

export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `wesley diff` in this process with captured output (no TTY, no colour unless asked). */
export async function runDiff(
  cwd: string,
  options: DiffCommandOptions,
  env: Record<string, string> = {},
): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const code = await runDiffCommand(options, {
    cwd,
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
