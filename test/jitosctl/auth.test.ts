// jitosctl against a jitosd started with --auth <principals file> (ADR 0112): the bearer token comes from
// $JITOSCTL_TOKEN or --token-file, rides on every HTTP request and in the graphql-ws connection_init payload, and a
// refused or missing token says how to supply one without ever printing the token.
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleJitosctl,
  collect,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  REPO_ROOT,
  removeDataDir,
  removeJitosctlBundle,
  startJitosctl,
  startJitosd,
  tempDataDir,
} from "./processes.js";
import type { Jitosd, ProcessResult } from "./processes.js";

const EXIT_OK = 0;
const EXIT_SERVER_ERROR = 1;
const EXIT_USAGE = 2;

const OPERATOR_TOKEN = "operator-token-7f3a9c21d4e8b605";
const WRONG_TOKEN = "not-a-known-token-5e1b7a0c93d2";
const PRINCIPALS = `version: 1
principals:
  - id: operator
    capabilities: [sws:write, sws:collapse, graph:v0]
    token: "${OPERATOR_TOKEN}"
`;
const ADD_NODE = JSON.stringify({ op: "AddNode", data: { kind: "demo", payload_b64: "aGk=" } });

let work: string;
let jitosd: Jitosd;
let url: string;
/** A file holding the operator's token, as `echo <token> > file` writes it (with a trailing newline). */
let tokenFile: string;

beforeAll(async () => {
  await bundleJitosctl();
  work = await tempDataDir();
  await writeFile(join(work, "principals.yaml"), PRINCIPALS);
  tokenFile = join(work, "operator.token");
  await writeFile(tokenFile, `${OPERATOR_TOKEN}\n`, { mode: 0o600 });
  await mkdir(join(work, "data"));
  jitosd = await startJitosd(join(work, "data"), ["--auth", join(work, "principals.yaml")]);
  url = jitosd.url;
});

afterAll(async () => {
  await jitosd?.stop();
  await removeDataDir(work);
  await removeJitosctlBundle();
});

const withToken = (token: string) => ({ JITOSCTL_TOKEN: token });

/** Neither stream of a run may contain the token, in any part. */
function expectNoToken(result: ProcessResult, token: string): void {
  expect(result.stdout).not.toContain(token);
  expect(result.stderr).not.toContain(token);
  expect(result.stderr).not.toContain(token.slice(0, token.length / 2));
}

interface JsonError {
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
  readonly hint?: string;
}

function jsonError(result: ProcessResult): JsonError {
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0] ?? "") as { error: JsonError }).error;
}

describe("jitosctl with a jitosd started with --auth", { timeout: PROCESS_TEST_MS_MAX }, () => {
  it("sends $JITOSCTL_TOKEN with a query and a mutation; jitosd records the token's principal", async () => {
    const info = await jitosctl(["info", "--json", "--url", url], withToken(OPERATOR_TOKEN));
    expect(info.stderr).toBe("");
    expect(info.code).toBe(EXIT_OK);
    expect((JSON.parse(info.stdout) as { policyId: string | null }).policyId).toMatch(/^[0-9a-f]{64}$/);

    const created = await jitosctl(["sws", "create", "--quiet", "--url", url], withToken(OPERATOR_TOKEN));
    expect(created.stderr).toBe("");
    expect(created.code).toBe(EXIT_OK);
    const swsId = created.stdout.trim();
    expect(swsId).toMatch(/^[0-9]+$/);

    const history = await jitosctl(
      ["rewrites", "--view", `sws:${swsId}`, "--json", "--url", url],
      withToken(OPERATOR_TOKEN),
    );
    expect(history.code).toBe(EXIT_OK);
    const { items } = JSON.parse(history.stdout) as { items: { type: string; meta: { principal?: string } }[] };
    expect(items.map((item) => [item.type, item.meta.principal])).toEqual([["sws.create", "operator"]]);
  });

  it("reads the token from --token-file (trailing newline dropped), and prefers it to $JITOSCTL_TOKEN", async () => {
    const created = await jitosctl(["sws", "create", "--quiet", "--url", url, "--token-file", tokenFile]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(EXIT_OK);
    const view = `sws:${created.stdout.trim()}`;

    // A stale variable in the environment does not override the file named on the command line.
    const applied = await jitosctl(
      ["apply", "--view", view, "--op", ADD_NODE, "--json", "--url", url, "--token-file", tokenFile],
      withToken(WRONG_TOKEN),
    );
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(EXIT_OK);
    expect((JSON.parse(applied.stdout) as { createdIds: string[] }).createdIds).toHaveLength(1);

    // A relative path resolves against the working directory (jitosctl runs in the repository root).
    const relativeFile = relative(REPO_ROOT, tokenFile);
    const graph = await jitosctl(["graph", "--view", view, "--digest", "--url", url, "--token-file", relativeFile]);
    expect(graph.code).toBe(EXIT_OK);
    expect(graph.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rewrites --follow authenticates its WebSocket with the token and streams entries", async () => {
    const created = await jitosctl(["sws", "create", "--quiet", "--url", url], withToken(OPERATOR_TOKEN));
    expect(created.code).toBe(EXIT_OK);
    const view = `sws:${created.stdout.trim()}`;
    const child = startJitosctl(
      ["rewrites", "--view", view, "--follow", "--after", "-1", "--json", "--url", url],
      withToken(OPERATOR_TOKEN),
    );
    const done = collect(child);
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
    const types = (): string[] =>
      seen
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => (JSON.parse(line) as { type: string }).type);
    // The existing entry first (the overlay's creation), then a rewrite applied while following.
    await expect.poll(types, { timeout: 20_000 }).toEqual(["sws.create"]);
    const applied = await jitosctl(
      ["apply", "--view", view, "--op", ADD_NODE, "--url", url],
      withToken(OPERATOR_TOKEN),
    );
    expect(applied.code).toBe(EXIT_OK);
    await expect.poll(types, { timeout: 20_000 }).toEqual(["sws.create", "rewrite"]);
    child.kill("SIGINT");
    const result = await done;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(EXIT_OK);
  });

  it("a wrong token: exit 1, FORBIDDEN, a hint naming where it came from and how to supply one, never the token", async () => {
    const query = await jitosctl(["info", "--url", url], withToken(WRONG_TOKEN));
    expect(query.code).toBe(EXIT_SERVER_ERROR);
    expect(query.stdout).toBe("");
    expect(query.stderr).toMatch(/^jitosctl: FORBIDDEN: /);
    expect(query.stderr).toContain("hint: jitosd does not accept the token from $JITOSCTL_TOKEN");
    expect(query.stderr).toContain("--token-file");
    expectNoToken(query, WRONG_TOKEN);

    const wrongFile = join(work, "wrong.token");
    await writeFile(wrongFile, `${WRONG_TOKEN}\n`);
    const mutation = await jitosctl(["sws", "create", "--json", "--url", url, "--token-file", wrongFile]);
    expect(mutation.code).toBe(EXIT_SERVER_ERROR);
    const error = jsonError(mutation);
    expect(error).toMatchObject({ code: "FORBIDDEN", exitCode: EXIT_SERVER_ERROR });
    expect(error.hint).toContain(`--token-file ${wrongFile}`);
    expect(error.hint).toContain("JITOSCTL_TOKEN=<token>");
    expectNoToken(mutation, WRONG_TOKEN);

    // The subscription socket is refused with close code 4403: that is the same refusal, not an unreachable jitosd.
    const follow = await jitosctl(["rewrites", "--view", "sws:0", "--follow", "--url", url], withToken(WRONG_TOKEN));
    expect(follow.code).toBe(EXIT_SERVER_ERROR);
    expect(follow.stdout).toBe("");
    expect(follow.stderr).toMatch(/^jitosctl: FORBIDDEN: .*4403/);
    expect(follow.stderr).toContain("hint: jitosd does not accept the token from $JITOSCTL_TOKEN");
    expectNoToken(follow, WRONG_TOKEN);
  });

  it("no token at all: exit 1, FORBIDDEN, and the hint says how to supply one", async () => {
    for (const args of [
      ["info", "--json", "--url", url],
      ["rewrites", "--view", "sws:0", "--follow", "--json", "--url", url],
    ]) {
      const result = await jitosctl(args);
      expect(result.code).toBe(EXIT_SERVER_ERROR);
      const error = jsonError(result);
      expect(error.code).toBe("FORBIDDEN");
      expect(error.hint).toContain("JITOSCTL_TOKEN=<token> jitosctl");
      expect(error.hint).toContain("--token-file <file");
    }
  });

  it("a token file that is missing, empty, a directory or not one token: exit 2 naming the file, nothing sent", async () => {
    // An address nothing listens on: were anything sent, the exit would be 3 (unreachable), not 2.
    const unreachable = "http://127.0.0.1:9/graphql";
    const empty = join(work, "empty.token");
    await writeFile(empty, "\n");
    const twoLines = join(work, "principals.yaml");
    const spaced = join(work, "spaced.token");
    await writeFile(spaced, `Bearer ${OPERATOR_TOKEN}\n`);
    const cases: [string, RegExp][] = [
      [join(work, "missing.token"), /the file does not exist/],
      [empty, /is empty/],
      [work, /is a directory/],
      [twoLines, /more than one line/],
      [spaced, /character 7 is a space/],
    ];
    for (const [file, reason] of cases) {
      const result = await jitosctl(["info", "--url", unreachable, "--token-file", file]);
      expect(result.code, `${file}: ${result.stderr}`).toBe(EXIT_USAGE);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^jitosctl: USAGE: --token-file /);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toMatch(reason);
      expectNoToken(result, OPERATOR_TOKEN);
    }
    const json = await jitosctl(["info", "--json", "--url", unreachable, "--token-file", join(work, "missing.token")]);
    expect(jsonError(json)).toMatchObject({ code: "USAGE", exitCode: EXIT_USAGE });
  });

  it("--help documents both ways to supply a token and no --token flag", async () => {
    const help = await jitosctl(["info", "--help"]);
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain("--token-file <path>");
    expect(help.stdout).toContain("$JITOSCTL_TOKEN");
    expect(help.stdout).not.toMatch(/--token </);
  });
});
