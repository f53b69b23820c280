// What a user gets wrong when starting and calling jitosd, and what the daemon must say: a port already taken or a
// data directory that is a file stops the start with one clear line (exit 1, no library stack); requests with the
// wrong method, content type or Accept header get an error with extensions.code like every other error.
import { spawn } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as library from "../../examples/library/generated/index.js";
import { Kernel } from "../../runtime/index.js";
import { collect } from "../cli/wesley-process.js";
import { removeDir, repo_root, runDaemonToExit, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

const exit_start_failed = 1;
/** Each case starts a node + tsx process; the machine running the suite may be shared. */
const process_test_ms_max = 120_000;

interface ErrorBody {
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

async function errorsOf(response: Response): Promise<ErrorBody["errors"]> {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return ((await response.json()) as ErrorBody).errors;
}

describe("jitosd start-up failures a user causes", () => {
  let taken: Server;
  let takenPort: number;
  const dirs: string[] = [];

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    takenPort = (taken.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    for (const dir of dirs) await removeDir(dir);
  });

  it(
    "a port already in use: exit 1 with one line naming the address and what to do, no stack",
    async () => {
      const dir = await tempDataDir();
      dirs.push(dir);
      const run = await runDaemonToExit(["--data-dir", dir, "--port", String(takenPort)]);
      expect(run.code).toBe(exit_start_failed);
      expect(run.stderr).toContain(`jitosd: cannot start: 127.0.0.1:${takenPort} is already in use`);
      expect(run.stderr).toContain("--port 0 picks a free one");
      expect(run.stderr).not.toMatch(/Internal error emitted|at Server\.|\n\s+at /);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    },
    process_test_ms_max,
  );

  it(
    "a --host that does not resolve: exit 1 naming it and what to use",
    async () => {
      const run = await runDaemonToExit(["--in-memory", "--host", "no-such-host.invalid", "--port", "0"]);
      expect(run.code).toBe(exit_start_failed);
      expect(run.stderr).toMatch(
        /^jitosd: cannot start: --host no-such-host\.invalid does not resolve to an address \(E[A-Z_]+\); use e\.g\. 127\.0\.0\.1/,
      );
    },
    process_test_ms_max,
  );

  it(
    "a data directory written for another schema: exit 1 naming both hashes and what a daemon user can do",
    async () => {
      const dir = await tempDataDir();
      dirs.push(dir);
      const other = await Kernel.open({ dataDir: dir, generated: library, fsync: "off" });
      other.createSws();
      await other.close();
      const run = await runDaemonToExit(["--data-dir", dir, "--port", "0"]);
      expect(run.code).toBe(exit_start_failed);
      expect(run.stderr).toContain(`was written for another schema hash: expected`);
      expect(run.stderr).toContain(`found ${library.domain.schemaHash} (in the file)`);
      expect(run.stderr).toContain("give --data-dir a directory written by this build");
      expect(run.stderr).not.toContain("Open it with the generated code");
    },
    process_test_ms_max,
  );

  it(
    '--data-dir "" (an unset shell variable): usage error, exit 2, nothing written to the current directory',
    async () => {
      // Run from an empty directory of its own: without the check, the log would land in the working directory.
      const cwd = await tempDataDir();
      dirs.push(cwd);
      const child = spawn(
        process.execPath,
        [
          "--import",
          import.meta.resolve("tsx"),
          join(repo_root, "runtime/server/main.ts"),
          "--data-dir",
          "",
          "--port",
          "0",
        ],
        {
          cwd,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const killer = setTimeout(() => child.kill("SIGKILL"), process_test_ms_max / 2);
      const run = await collect(child);
      clearTimeout(killer);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("jitosd: --data-dir is empty");
      expect(await readdir(cwd)).toEqual([]);
    },
    process_test_ms_max,
  );

  it(
    "--data-dir naming a file (or a path through one): exit 1 saying it is not a directory",
    async () => {
      const dir = await tempDataDir();
      dirs.push(dir);
      const file = join(dir, "not-a-dir");
      await writeFile(file, "x");
      for (const dataDir of [file, join(file, "sub")]) {
        const run = await runDaemonToExit(["--data-dir", dataDir, "--port", "0"]);
        expect(run.code).toBe(exit_start_failed);
        expect(run.stderr).toContain(`jitosd: cannot start: data directory ${dataDir} is not a directory`);
        expect(run.stderr).toContain("give --data-dir a directory path");
      }
    },
    process_test_ms_max,
  );
});

describe("jitosd --auth with a misspelt capability", () => {
  it(
    "starts, and warns naming the principal, the capability and the ones that exist",
    async () => {
      const dir = await tempDataDir();
      const file = join(dir, "principals.yaml");
      await writeFile(
        file,
        'version: 1\nprincipals:\n  - id: alice\n    capabilities: [task:write, task:wrte]\n    token: "alice-token-0123456789abcdef"\n',
      );
      const daemon = await startDaemon(["--in-memory", "--auth", file]);
      try {
        await expect
          .poll(() => daemon.stderr(), { timeout: 10_000 })
          .toContain(`jitosd: warning: ${file}: principal alice has capability "task:wrte"`);
        expect(daemon.stderr()).toMatch(/which nothing in this domain requires \(known: .*task:write/);
        expect(daemon.stderr()).not.toContain('"task:write", which');
      } finally {
        expect(await daemon.stop()).toBe(0);
        await removeDir(dir);
      }
    },
    process_test_ms_max,
  );
});

describe("jitosd --help", () => {
  it(
    "states the exit codes a supervisor or script branches on",
    async () => {
      const help = await runDaemonToExit(["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Exit codes: 0 stopped by SIGTERM\/SIGINT; 1 could not start .* 2 usage error/s);
    },
    process_test_ms_max,
  );
});

describe("HTTP requests jitosd refuses carry extensions.code", () => {
  let daemon: Daemon;

  beforeAll(async () => {
    daemon = await startDaemon(["--in-memory"]);
  }, process_test_ms_max);

  afterAll(async () => {
    await daemon?.stop();
  });

  it("a mutation over GET: 405 INVALID_INPUT telling to POST it", async () => {
    const response = await fetch(`${daemon.url}?query=${encodeURIComponent("mutation { createSws { sws { id } } }")}`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    const errors = await errorsOf(response);
    expect(errors?.map((error) => error.extensions?.code)).toEqual(["INVALID_INPUT"]);
    expect(errors?.[0]?.message).toMatch(/mutations are not served over GET; POST them/);
    // Nothing was created.
    const info = await fetch(daemon.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ kernelInfo { nextIdx } }" }),
    });
    expect(((await info.json()) as { data: { kernelInfo: { nextIdx: number } } }).data.kernelInfo.nextIdx).toBe(0);
  });

  it("another method: 405 INVALID_INPUT naming it", async () => {
    const response = await fetch(daemon.url, { method: "PUT", body: "{}" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    const errors = await errorsOf(response);
    expect(errors?.map((error) => error.extensions?.code)).toEqual(["INVALID_INPUT"]);
    expect(errors?.[0]?.message).toContain("method PUT is not served at /graphql");
  });

  it("a body that is not JSON by content type: 415 INVALID_INPUT naming the type", async () => {
    const response = await fetch(daemon.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ kernelInfo { version } }" }),
    });
    expect(response.status).toBe(415);
    const errors = await errorsOf(response);
    expect(errors?.map((error) => error.extensions?.code)).toEqual(["INVALID_INPUT"]);
    expect(errors?.[0]?.message).toContain(
      'content-type "text/plain" is not served; POST with content-type: application/json',
    );
  });

  it("an Accept header jitosd cannot satisfy: 406 INVALID_INPUT", async () => {
    const response = await fetch(daemon.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/html" },
      body: JSON.stringify({ query: "{ kernelInfo { version } }" }),
    });
    expect(response.status).toBe(406);
    const errors = await errorsOf(response);
    expect(errors?.map((error) => error.extensions?.code)).toEqual(["INVALID_INPUT"]);
    expect(errors?.[0]?.message).toContain('"text/html"');
  });
});
