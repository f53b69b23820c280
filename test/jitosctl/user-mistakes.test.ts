// Mistakes a jitosctl user makes and what they must get: a clear message and the documented exit code, never a
// stack or a half-printed table (docs/jitosctl.md).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as generated from "../../generated/index.js";
import { Kernel } from "../../runtime/index.js";
import { runJitosctl } from "../../runtime/jitosctl/program.js";
import {
  bundleJitosctl,
  collect,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  removeDataDir,
  removeJitosctlBundle,
  startJitosctl,
  startJitosd,
  tempDataDir,
} from "./processes.js";

const EXIT_OK = 0;
const EXIT_UNREACHABLE = 3;
const EXIT_REFUSED = 3;

let scratch: string;

beforeAll(async () => {
  await bundleJitosctl();
  scratch = await mkdtemp(join(tmpdir(), "jitosctl-mistakes-"));
});

afterAll(async () => {
  await removeJitosctlBundle();
  await rm(scratch, { recursive: true, force: true });
});

/** A local port nothing listens on (bound once to learn a free one, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("jitosctl user mistakes", () => {
  it(
    "replay --data-dir naming a file: exit 3 (refused) saying what --data-dir must be, not exit 5 (a bug)",
    async () => {
      const file = join(scratch, "wal-copy.log");
      await writeFile(file, "not a directory");
      // In-process: replay loads the kernel's own generated/ next to runtime/, which a bundle in .tmp cannot find.
      const result = { code: 0, stdout: "", stderr: "" };
      const io = {
        stdout: { write: (text: string) => void (result.stdout += text) },
        stderr: { write: (text: string) => void (result.stderr += text) },
      };
      result.code = await runJitosctl(["replay", "--verify", "--data-dir", file], io);
      expect(result.code).toBe(EXIT_REFUSED);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`jitosctl replay: cannot read data directory ${file}: ENOTDIR`);
      expect(result.stderr).toContain("--data-dir must be the directory given to jitosd --data-dir or Kernel.open");
    },
    PROCESS_TEST_MS_MAX,
  );

  it(
    "output piped into a reader that stops early (| head): exits quietly, no EPIPE stack",
    async () => {
      const child = startJitosctl(["rewrites", "--help"]);
      child.stdout?.destroy(); // the reader is gone before jitosctl writes
      const result = await collect(child);
      expect(result.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at /);
      expect(result.code).toBe(EXIT_OK);
    },
    PROCESS_TEST_MS_MAX,
  );

  it(
    "rewrites --follow with no jitosd: exit 3, the error on stderr and nothing on stdout (not a table header)",
    async () => {
      const url = `http://127.0.0.1:${await closedPort()}/graphql`;
      const result = await jitosctl(["rewrites", "--view", "sws:0", "--follow", "--url", url]);
      expect(result.code).toBe(EXIT_UNREACHABLE);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^jitosctl: CONNECTION_CLOSED: /);
      expect(result.stderr).toContain("is jitosd running?");
    },
    PROCESS_TEST_MS_MAX,
  );

  it(
    "rewrites --follow --after -1 streams a view's whole history from its first entry (idx 0); Ctrl-C exits 0",
    async () => {
      const dataDir = await tempDataDir();
      const jitosd = await startJitosd(dataDir);
      try {
        expect((await jitosctl(["sws", "create", "--url", jitosd.url])).code).toBe(EXIT_OK);
        const op = '{"op":"AddNode","data":{"kind":"demo","payload_b64":"aGk="}}';
        expect((await jitosctl(["apply", "--view", "sws:0", "--op", op, "--url", jitosd.url])).code).toBe(EXIT_OK);
        const child = startJitosctl([
          "rewrites",
          "--view",
          "sws:0",
          "--follow",
          "--after",
          "-1",
          "--json",
          "--url",
          jitosd.url,
        ]);
        const done = collect(child);
        let seen = "";
        child.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
        const entries = (): string[] =>
          seen
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => {
              const entry = JSON.parse(line) as { idx: number; type: string };
              return `${entry.idx} ${entry.type}`;
            });
        await expect.poll(entries, { timeout: 20_000 }).toEqual(["0 sws.create", "1 rewrite"]);
        child.kill("SIGINT");
        const result = await done;
        expect(result.stderr).toBe("");
        expect(result.code).toBe(EXIT_OK);
      } finally {
        await jitosd.stop();
        await removeDataDir(dataDir);
      }
    },
    PROCESS_TEST_MS_MAX,
  );

  it(
    "jitosd stopping (SIGTERM) ends rewrites --follow as a finished stream: the entries, then exit 0",
    async () => {
      const dataDir = await tempDataDir();
      const jitosd = await startJitosd(dataDir);
      try {
        expect((await jitosctl(["sws", "create", "--url", jitosd.url])).code).toBe(EXIT_OK);
        const child = startJitosctl(["rewrites", "--view", "sws:0", "--follow", "--after", "-1", "--url", jitosd.url]);
        const done = collect(child);
        let seen = "";
        child.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
        await expect.poll(() => /\n0\s+sws\.create/.test(seen), { timeout: 20_000 }).toBe(true);
        expect(await jitosd.stop()).toBe(0);
        const result = await done;
        expect(result.stderr).toBe("");
        expect(result.code).toBe(EXIT_OK);
      } finally {
        await jitosd.stop();
        await removeDataDir(dataDir);
      }
    },
    PROCESS_TEST_MS_MAX,
  );

  it("--json usage errors commander finds (unknown flag, missing argument) are one JSON line on stderr, exit 2", async () => {
    for (const args of [
      ["graph", "--json", "--bogus"],
      ["sws", "show", "--json"],
    ]) {
      let stdout = "";
      let stderr = "";
      const io = {
        stdout: { write: (text: string) => void (stdout += text) },
        stderr: { write: (text: string) => void (stderr += text) },
      };
      expect(await runJitosctl(args, io)).toBe(2);
      expect(stdout).toBe("");
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      const parsed = JSON.parse(lines[0]!) as {
        ok: boolean;
        error: { code: string; message: string; exitCode: number };
      };
      expect(parsed.ok).toBe(false);
      expect(parsed.error.code).toBe("USAGE");
      expect(parsed.error.exitCode).toBe(2);
      expect(parsed.error.message).toMatch(/unknown option '--bogus'|missing required argument 'id'/);
    }
  });

  it(
    "replay --generated naming a TypeScript package from the compiled jitosctl: exit 3 saying how to load it",
    async () => {
      // The bundle runs on plain node, as the installed bin does: it cannot import .ts by itself.
      const result = await jitosctl([
        "replay",
        "--data-dir",
        scratch,
        "--generated",
        "runtime/jitosctl/testing/sample-generated.ts",
      ]);
      expect(result.code).toBe(EXIT_REFUSED);
      expect(result.stderr).toContain("cannot load the generated package");
      expect(result.stderr).toContain(
        'The package is TypeScript: run jitosctl with a TypeScript loader (NODE_OPTIONS="--import tsx"',
      );
    },
    PROCESS_TEST_MS_MAX,
  );

  it("replay of a data directory with no entries yet (a jitosd that never got a command) prints a clean OK line", async () => {
    const dataDir = join(scratch, "empty-data-dir");
    await (await Kernel.open({ dataDir, generated, fsync: "off" })).close();
    let stdout = "";
    const io = { stdout: { write: (text: string) => void (stdout += text) }, stderr: { write: () => undefined } };
    expect(await runJitosctl(["replay", "--data-dir", dataDir], io)).toBe(EXIT_OK);
    expect(stdout.split("\n")[0]).toBe("OK: replayed 0 entries");
  });
});
