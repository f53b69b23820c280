import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleJitosctl,
  collect,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  jitosctlJson,
  removeDataDir,
  removeJitosctlBundle,
  startJitosctl,
  startJitosd,
  tempDataDir,
} from "./processes.js";
import type { Jitosd } from "./processes.js";

const HEX64 = /^[0-9a-f]{64}$/;
/** A v0 op (ADR 0023): a node of an unregistered kind with a payload ("hello"). */
const ADD_NODE = JSON.stringify({ op: "AddNode", data: { kind: "demo", payload_b64: "aGVsbG8=" } });

interface Receipt {
  rewriteIdx: number;
  idx: number;
  view: { name: string };
  viewDigest: string;
}
interface SwsFields {
  id: string;
  state: string;
  baseDigest: string;
  createdAtIdx: number;
}
interface SwsChange {
  sws: SwsFields;
  receipt: Receipt;
}
interface ApplyResult {
  accepted: boolean;
  receipt: Receipt;
  createdIds: string[];
}
interface GraphResult {
  digest: string;
  snapshotId: string;
  nodeCount: number;
  nodes: { items: { id: string; kind: string; attrs: unknown }[] };
}
interface RewritesResult {
  items: { idx: number; type: string; view: { name: string }; receipt: Receipt }[];
}

let jitosd: Jitosd;
let dataDir: string;
let url: string;

beforeAll(async () => {
  await bundleJitosctl();
  dataDir = await tempDataDir();
  jitosd = await startJitosd(dataDir);
  url = jitosd.url;
});

afterAll(async () => {
  await jitosd?.stop();
  await removeDataDir(dataDir);
  await removeJitosctlBundle();
});

const digestOf = async (view: string): Promise<string> => {
  const result = await jitosctl(["graph", "--view", view, "--digest", "--url", url]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout.trim();
};

describe("jitosctl against a real jitosd (the scripted sequence of issue 5)", { timeout: PROCESS_TEST_MS_MAX }, () => {
  let h0: string;
  let created: SwsChange;
  let applied: ApplyResult;

  it("prints the system digest H0 alone with --digest, and the same digest with --json", async () => {
    h0 = await digestOf("system");
    expect(h0).toMatch(HEX64);
    const json = await jitosctlJson<GraphResult>(url, ["graph", "--view", "system", "--digest"]);
    expect(json.digest).toBe(h0);
    expect(json.snapshotId).toBe(h0);
  });

  it('creates overlay "0" over the system snapshot', async () => {
    created = await jitosctlJson<SwsChange>(url, ["sws", "create"]);
    expect(created.sws).toMatchObject({ id: "0", state: "OPEN", baseDigest: h0 });
    expect(created.receipt.view.name).toBe("sws:0");
  });

  it("applies AddNode into sws 0: accepted, with a receipt naming the next history idx and a hex64 digest", async () => {
    applied = await jitosctlJson<ApplyResult>(url, ["apply", "--view", "sws:0", "--op", ADD_NODE]);
    expect(applied.accepted).toBe(true);
    // The overlay's first rewrite is its rewrite 0 (ADR 0028); in history it follows the createSws entry.
    expect(applied.receipt.rewriteIdx).toBe(0);
    expect(applied.receipt.idx).toBe(created.receipt.idx + 1);
    expect(applied.receipt.view.name).toBe("sws:0");
    expect(applied.receipt.viewDigest).toMatch(HEX64);
    expect(applied.createdIds).toHaveLength(1);
  });

  it("the overlay's digest is the receipt's and differs from H0; the system digest is unchanged", async () => {
    const sws = await digestOf("sws:0");
    expect(sws).toBe(applied.receipt.viewDigest);
    expect(sws).not.toBe(h0);
    expect(await digestOf("system")).toBe(h0);
  });

  it("lists the overlay's history in ascending idx order, containing 0", async () => {
    const { items } = await jitosctlJson<RewritesResult>(url, ["rewrites", "--view", "sws:0"]);
    const idx = items.map((item) => item.idx);
    expect(idx).toContain(0);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(items.map((item) => item.type)).toEqual(["sws.create", "rewrite"]);
    expect(items.at(-1)?.receipt).toEqual(applied.receipt);
  });

  it("shows the created node in the overlay and not in the system graph", async () => {
    const sws = await jitosctlJson<GraphResult>(url, ["graph", "--view", "sws:0"]);
    expect(sws.nodes.items).toEqual([
      { id: applied.createdIds[0], kind: "demo", attrs: { payload: { $base64: "aGVsbG8=" } } },
    ]);
    const system = await jitosctlJson<GraphResult>(url, ["graph", "--view", "system"]);
    expect(system.nodeCount).toBe(0);
  });

  it("prints readable tables without --json", async () => {
    const rewrites = await jitosctl(["rewrites", "--view", "sws:0", "--url", url]);
    expect(rewrites.code).toBe(0);
    const lines = rewrites.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^IDX\s+TYPE\s+VIEW\s+REWRITE\s+OPS\s+VIEW DIGEST$/);
    expect(lines[1]).toMatch(/^0\s+sws\.create\s+sws:0\s+-\s+-\s+[0-9a-f]{64}$/);
    expect(lines[2]).toMatch(
      new RegExp(`^${applied.receipt.idx}\\s+rewrite\\s+sws:0\\s+0\\s+AddNode\\s+${applied.receipt.viewDigest}$`),
    );
    const list = await jitosctl(["sws", "list", "--url", url]);
    expect(list.stdout).toMatch(
      /^ID\s+STATE\s+CREATED AT\s+COLLAPSED AT\s+DISCARDED AT\s+BASE DIGEST\n0\s+OPEN\s+0\s+-\s+-\s+[0-9a-f]{64}\n$/,
    );
    const graph = await jitosctl(["graph", "--view", "sws:0", "--url", url]);
    expect(graph.stdout).toContain(`digest  ${applied.receipt.viewDigest}`);
    expect(graph.stdout).toMatch(new RegExp(`\\n${applied.createdIds[0]}\\s+demo\\s+\\{"payload"`));
  });

  it("streams new history entries with rewrites --follow (JSON Lines) until interrupted", async () => {
    const child = startJitosctl(["rewrites", "--view", "sws:0", "--follow", "--after", "0", "--json", "--url", url]);
    const done = collect(child);
    let seen = "";
    const lines = (): { idx: number; type: string }[] =>
      seen
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { idx: number; type: string });
    child.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
    // Entries after idx 0 that already exist come first: the AddNode rewrite.
    await expect.poll(() => lines().map((line) => line.idx), { timeout: 20_000 }).toEqual([applied.receipt.idx]);
    const next = await jitosctlJson<ApplyResult>(url, [
      "apply",
      "--view",
      "sws:0",
      "--op",
      ADD_NODE.replace("aGVsbG8=", "aGk="),
    ]);
    await expect
      .poll(() => lines().map((line) => line.idx), { timeout: 20_000 })
      .toEqual([applied.receipt.idx, next.receipt.idx]);
    expect(next.receipt.rewriteIdx).toBe(1);
    child.kill("SIGINT");
    const result = await done;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("collapses an overlay into the system (the system digest becomes the overlay's) and discards another", async () => {
    const overlay = await digestOf("sws:0");
    const collapse = await jitosctl(["sws", "collapse", "0", "--url", url]);
    expect(collapse.stderr).toBe("");
    expect(collapse.code).toBe(0);
    expect(collapse.stdout).toMatch(/^collapsed sws 0 into system at history idx \d+ \(system rewrite 0\)\n/);
    expect(await digestOf("system")).toBe(overlay);

    const second = await jitosctl(["sws", "create", "--quiet", "--url", url]);
    expect(second.stdout).toBe("1\n");
    const discarded = await jitosctlJson<SwsChange>(url, ["sws", "discard", "sws:1"]);
    expect(discarded.sws.state).toBe("DISCARDED");
    const shown = await jitosctlJson<SwsFields>(url, ["sws", "show", "1"]);
    expect(shown.state).toBe("DISCARDED");
    const states = await jitosctlJson<{ items: SwsFields[] }>(url, ["sws", "list"]);
    expect(states.items.map((sws) => [sws.id, sws.state])).toEqual([
      ["0", "COLLAPSED"],
      ["1", "DISCARDED"],
    ]);
  });

  it("after a restart on the same data directory, every digest and the history are the same", async () => {
    const before = {
      system: await digestOf("system"),
      history: await jitosctlJson<RewritesResult>(url, ["rewrites", "--all"]),
    };
    expect(await jitosd.stop()).toBe(0);
    jitosd = await startJitosd(dataDir);
    url = jitosd.url;
    expect(await digestOf("system")).toBe(before.system);
    expect(await jitosctlJson<RewritesResult>(url, ["rewrites", "--all"])).toEqual(before.history);
  });
});
