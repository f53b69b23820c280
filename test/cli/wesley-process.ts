import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root, and the CLI entry run through tsx so tests never run a stale dist/. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WESLEY_ENTRY = join(REPO_ROOT, "generator/cli/wesley.ts");
const TSX_LOADER = import.meta.resolve("tsx");

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `wesley <args>` in `cwd` (colour off, as in CI logs). */
export function startWesley(args: readonly string[], cwd: string): ChildProcess {
  return spawn(process.execPath, ["--import", TSX_LOADER, WESLEY_ENTRY, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function runWesley(args: readonly string[], cwd: string): Promise<ProcessResult> {
  return collect(startWesley(args, cwd));
}

export function collect(child: ChildProcess): Promise<ProcessResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp project holding a copy of the kernel's own schema/ (SDL + kinds.yaml). */
export async function kernelSchemaProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wesley-cli-"));
  await cp(join(REPO_ROOT, "schema"), join(dir, "schema"), { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes and mtime: equal snapshots mean the folder was not touched at all. */
export async function snapshotFolder(dir: string): Promise<Record<string, { bytes: string; mtimeMs: number }>> {
  const result: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    result[path.slice(dir.length + 1)] = { bytes: await readFile(path, "base64"), mtimeMs: (await stat(path)).mtimeMs };
  }
  return result;
}
