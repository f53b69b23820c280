// Durability through the daemon: what a client saw acknowledged is there, with the same digests, after jitosd is
// stopped and started again on the same data directory; one daemon owns a data directory at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data, graphql, removeDir, runDaemonToExit, startDaemon, tempDataDir } from "./support/daemon.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
});
afterAll(async () => {
  await removeDir(dataDir);
});

const snapshot_query = /* GraphQL */ `
  query Snapshot {
    kernelInfo { nextIdx durable }
    system: graph(view: {kind: SYSTEM}) { digest nodeCount edgeCount }
    listSws { items { id state baseDigest createdAtIdx discardedAtIdx collapsedAtIdx } }
    rewrites(page: {first: 1000}) { items { idx type view { name } receipt { rewriteIdx viewDigest } entry } }
  }
`;

interface Snapshot {
  readonly kernelInfo: { readonly nextIdx: number; readonly durable: boolean };
  readonly system: { readonly digest: string };
  readonly listSws: { readonly items: readonly { readonly id: string; readonly state: string }[] };
  readonly rewrites: { readonly items: readonly { readonly idx: number }[] };
}

async function viewDigests(url: string, ids: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const { graph } = await data<{ graph: { digest: string } }>(url, `query ($id: String!) { graph(view: {kind: SWS, swsId: $id}) { digest } }`, { id });
    out[id] = graph.digest;
  }
  return out;
}

describe("restart on the same data directory", () => {
  it("keeps every digest, overlay and history entry; a second daemon on the directory is refused", async () => {
    const first = await startDaemon([], dataDir);
    const url = first.url;
    await data(url, "mutation { createSws { sws { id } } }"); // 0: collapsed below
    await data(url, "mutation { createSws { sws { id } } }"); // 1: stays open
    await data(url, "mutation { createSws { sws { id } } }"); // 2: discarded
    const task = await data<{ createTask: { record: { id: string } } }>(url, `mutation { createTask(view: {kind: SWS, swsId: "0"}, input: {title: "Ship", intent: "Release"}) { record { id } } }`);
    await data(url, `mutation { applyRewrite(view: {kind: SWS, swsId: "1"}, rewrite: {ops: [{op: "AddNode", data: {kind: "Note", payload_b64: "AAEC"}}]}) { accepted } }`);
    const collapsed = await data<{ collapseSws: { committed: boolean; receipt: { viewDigest: string } } }>(url, `mutation { collapseSws(id: "0") { committed receipt { viewDigest } } }`);
    expect(collapsed.collapseSws.committed).toBe(true);
    await data(url, `mutation { discardSws(id: "2") { sws { state } } }`);

    const before = await data<Snapshot>(url, snapshot_query);
    expect(before.kernelInfo).toEqual({ nextIdx: 7, durable: true });
    expect(before.system.digest).toBe(collapsed.collapseSws.receipt.viewDigest);
    expect(before.listSws.items.map((sws) => sws.state)).toEqual(["COLLAPSED", "OPEN", "DISCARDED"]);
    const openBefore = await viewDigests(url, ["1"]);
    const node = await data<{ node: { id: string; title: string } }>(url, `query ($id: ID!) { node(view: {kind: SYSTEM}, id: $id) { id ... on Task { title } } }`, { id: task.createTask.record.id });
    expect(node.node.title).toBe("Ship");

    // The directory is locked while the first daemon runs.
    const second = await runDaemonToExit(["--data-dir", dataDir, "--port", "0"]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/jitosd: cannot start: .*lock|jitosd: cannot start: .*another process|jitosd: cannot start: .*owned/i);

    expect(await first.stop("SIGTERM")).toBe(0);

    const restarted = await startDaemon([], dataDir);
    try {
      expect(restarted.stdout()).toMatch(/7 history entries/);
      const after = await data<Snapshot>(restarted.url, snapshot_query);
      expect(after).toEqual(before);
      expect(await viewDigests(restarted.url, ["1"])).toEqual(openBefore);
      // And it keeps going from there: the next entry is 7, sws:1's second rewrite.
      const more = await data<{ applyRewrite: { receipt: { rewriteIdx: number; idx: number } } }>(
        restarted.url,
        `mutation { applyRewrite(view: {kind: SWS, swsId: "1"}, rewrite: {ops: [{op: "AddNode", data: {kind: "Note"}}]}) { receipt { rewriteIdx idx } } }`,
      );
      expect(more.applyRewrite.receipt).toEqual({ rewriteIdx: 1, idx: 7 });
      const discarded = await graphql(restarted.url, `{ graph(view: {kind: SWS, swsId: "2"}) { digest } }`);
      expect(discarded.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    } finally {
      expect(await restarted.stop("SIGTERM")).toBe(0);
    }
  });
});
