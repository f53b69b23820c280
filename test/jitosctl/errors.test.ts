import { createServer } from "node:http";
import type { Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJitosctl } from "../../runtime/jitosctl/program.js";
import {
  bundleJitosctl,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  removeDataDir,
  removeJitosctlBundle,
  startJitosd,
  tempDataDir,
} from "./processes.js";
import type { Jitosd, ProcessResult } from "./processes.js";

const EXIT_SERVER_ERROR = 1;
const EXIT_USAGE = 2;
const EXIT_UNREACHABLE = 3;

let jitosd: Jitosd;
let dataDir: string;

beforeAll(async () => {
  await bundleJitosctl();
  dataDir = await tempDataDir();
  jitosd = await startJitosd(dataDir);
  expect((await jitosctl(["sws", "create", "--url", jitosd.url])).code).toBe(0);
});

afterAll(async () => {
  await jitosd?.stop();
  await removeDataDir(dataDir);
  await removeJitosctlBundle();
});

/** The one JSON error line a failing `--json` command writes on stderr. */
function jsonError(result: ProcessResult): { code: string; message: string; exitCode: number } {
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0] ?? "") as { error: { code: string; message: string; exitCode: number } }).error;
}

describe("jitosctl errors and exit codes", { timeout: PROCESS_TEST_MS_MAX }, () => {
  it("exit 1 with jitosd's extensions.code and message when the server refuses", async () => {
    const url = jitosd.url;
    const notFound = await jitosctl(["graph", "--view", "sws:99", "--url", url]);
    expect(notFound.code).toBe(EXIT_SERVER_ERROR);
    expect(notFound.stdout).toBe("");
    expect(notFound.stderr).toMatch(/^jitosctl: NOT_FOUND: .*sws:99/);

    const unknownField = JSON.stringify({ op: "AddNode", data: { kind: "demo", colour: "red" } });
    const invalid = await jitosctl(["apply", "--view", "sws:0", "--op", unknownField, "--json", "--url", url]);
    expect(invalid.code).toBe(EXIT_SERVER_ERROR);
    expect(jsonError(invalid)).toMatchObject({ code: "INVALID_INPUT", exitCode: EXIT_SERVER_ERROR });
    expect(jsonError(invalid).message).toContain("/ops/0/data/colour");

    const unknownOp = JSON.stringify({ op: "Teleport", data: {} });
    const notImplemented = await jitosctl(["apply", "--view", "sws:0", "--op", unknownOp, "--url", url]);
    expect(notImplemented.code).toBe(EXIT_SERVER_ERROR);
    expect(notImplemented.stderr).toMatch(/^jitosctl: NOT_IMPLEMENTED: /);

    const collapsedTwice = await jitosctl(["sws", "discard", "7", "--url", url]);
    expect(collapsedTwice.code).toBe(EXIT_SERVER_ERROR);
    expect(collapsedTwice.stderr).toMatch(/^jitosctl: NOT_FOUND: /);
  });

  it("a rejected command changes nothing: the overlay's history is as before", async () => {
    const before = await jitosctl(["rewrites", "--view", "sws:0", "--json", "--url", jitosd.url]);
    const bad = JSON.stringify([
      { op: "AddNode", data: { kind: "demo" } },
      { op: "RemoveNode", data: { id: "0".repeat(64) } },
    ]);
    expect((await jitosctl(["apply", "--view", "sws:0", "--op", bad, "--url", jitosd.url])).code).toBe(
      EXIT_SERVER_ERROR,
    );
    const after = await jitosctl(["rewrites", "--view", "sws:0", "--json", "--url", jitosd.url]);
    expect(after.stdout).toBe(before.stdout);
  });

  it("exit 2 for usage errors, naming the flag, before anything is sent", async () => {
    // The URL points nowhere: a usage error must be found first, so the exit code is 2, not 3.
    const nowhere = ["--url", "http://127.0.0.1:9/graphql"];
    const cases: [string[], RegExp][] = [
      [["graph", "--view", "sws:x"], /--view "sws:x" is not a view; write "system" or "sws:<id>"/],
      [["graph", "--view", "sws:007"], /--view "sws:007" is not a view/],
      [["graph", "--view", "sws:99999999999999999999"], /larger than an SWS id can be/],
      [["apply", "--view", "sws:0", "--op", "{not json"], /--op is not valid JSON/],
      [["apply", "--view", "sws:0", "--op", "42"], /--op must be a JSON object/],
      [["apply", "--view", "sws:0"], /apply needs at least one --op/],
      [["apply", "--op", "{}"], /required option '--view <view>' not specified/],
      [["apply", "--view", "sws:0", "--op", "{}", "--meta", "[1]"], /--meta must be a JSON object/],
      [["sws", "show", "abc"], /"abc" is not an SWS id/],
      [["sws", "collapse"], /missing required argument 'id'/],
      [["rewrites", "--first", "0"], /--first must be a whole number from 1 to/],
      [["rewrites", "--follow"], /--follow needs --view/],
      [["graph", "--colour"], /unknown option '--colour'/],
      [["graph", "--timeout", "soon"], /--timeout must be a whole number/],
    ];
    // In-process (the same program main.ts runs): usage errors need no server, and a process each would be slow.
    for (const [args, message] of cases) {
      const result = await inProcess([...args, ...nowhere]);
      expect(result.code, args.join(" ")).toBe(EXIT_USAGE);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr, args.join(" ")).toMatch(message);
    }
    // One real process too: the exit code the shell sees.
    const badUrl = await jitosctl(["graph", "--url", "ftp://example.org/graphql", "--json"]);
    expect(badUrl.code).toBe(EXIT_USAGE);
    expect(jsonError(badUrl)).toMatchObject({ code: "USAGE", exitCode: EXIT_USAGE });
  });

  it("exit 3 when nothing listens at --url, naming the URL and the cause", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const result = await jitosctl(["graph", "--view", "system", "--digest", "--url", url]);
    expect(result.code).toBe(EXIT_UNREACHABLE);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `jitosctl: NETWORK_ERROR: Request to ${url} failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(result.stderr).toMatch(/hint: is jitosd running\?/);
    const json = await jitosctl(["sws", "list", "--json", "--url", url]);
    expect(jsonError(json)).toMatchObject({ code: "NETWORK_ERROR", exitCode: EXIT_UNREACHABLE });
  });

  it("exit 3 when the server accepts but never answers (--timeout)", async () => {
    const silent = await silentServer();
    try {
      const started = performance.now();
      const result = await jitosctl([
        "sws",
        "list",
        "--timeout",
        "300",
        "--url",
        `http://127.0.0.1:${silent.port}/graphql`,
      ]);
      expect(result.code).toBe(EXIT_UNREACHABLE);
      expect(result.stderr).toContain("no answer within 300 ms");
      expect(performance.now() - started).toBeLessThan(20_000);
    } finally {
      await silent.close();
    }
  });

  it("exit 3 when --url answers with something that is not GraphQL", async () => {
    const server = createServer((_req, res) =>
      res.writeHead(404, { "content-type": "text/plain" }).end("no such page"),
    );
    const port = await listen(server);
    try {
      const result = await jitosctl(["info", "--url", `http://127.0.0.1:${port}/elsewhere`]);
      expect(result.code).toBe(EXIT_UNREACHABLE);
      expect(result.stderr).toMatch(
        /^jitosctl: HTTP_ERROR: HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/elsewhere/,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("takes the URL from $JITOSD_URL, and --url over it", async () => {
    const fromEnv = await jitosctl(["graph", "--digest"], { JITOSD_URL: jitosd.url });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const overridden = await jitosctl(["graph", "--digest", "--url", jitosd.url], {
      JITOSD_URL: "http://127.0.0.1:9/x",
    });
    expect(overridden.stdout).toBe(fromEnv.stdout);
  });

  it("documents every command: --help exits 0 with examples and the exit codes", async () => {
    for (const command of [["graph"], ["rewrites"], ["apply"], ["info"], ["sws", "create"], ["sws", "collapse"]]) {
      const help = await inProcess([...command, "--help"]);
      expect(help.code, command.join(" ")).toBe(0);
      expect(help.stdout).toContain("--url <url>");
      expect(help.stdout).toContain("--json");
      expect(help.stdout).toContain("Examples:");
      expect(help.stdout).toMatch(/Exit codes: 0 ok; 1 jitosd answered with an error/);
    }
  });
});

/** Runs the jitosctl program in this process with captured output. */
async function inProcess(args: readonly string[]): Promise<ProcessResult> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (text: string) => void (stdout += text) },
    stderr: { write: (text: string) => void (stderr += text) },
  };
  const code = await runJitosctl(args, io);
  return { code, stdout, stderr };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was free a moment ago (listened on, then closed): connecting to it is refused. */
async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never writes a byte. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
