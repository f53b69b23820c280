// The scripted sequence of issue 5 against a real jitosd over HTTP, a WebSocket subscriber that sees the rewrite,
// and the typed API (a domain verb, typed records and filters) on the same daemon.
import { createClient } from "graphql-ws";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { data, graphql, removeDir, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

const hex64 = /^[0-9a-f]{64}$/;
const SYSTEM = { kind: "SYSTEM" };
const SWS0 = { kind: "SWS", swsId: "0" };

let daemon: Daemon;
let dataDir: string;
let ws: Client;

beforeAll(async () => {
  dataDir = await tempDataDir();
  daemon = await startDaemon([], dataDir);
  ws = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
});

afterAll(async () => {
  await ws?.dispose();
  await daemon?.stop();
  await removeDir(dataDir);
});

interface RewriteEvent {
  readonly rewrites: { readonly idx: number; readonly type: string; readonly view: { readonly name: string }; readonly ops: readonly unknown[]; readonly receipt: { readonly viewDigest: string } };
}

/** Subscribes and resolves the first `count` events (then unsubscribes). */
function nextEvents(client: Client, query: string, variables: Record<string, unknown>, count: number): { ready: Promise<void>; events: Promise<RewriteEvent[]> } {
  const seen: RewriteEvent[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const events = new Promise<RewriteEvent[]>((resolve, reject) => {
    const iterator = client.iterate<RewriteEvent>({ query, variables });
    void (async () => {
      try {
        const first = iterator.next();
        markReady();
        let step = await first;
        while (!step.done) {
          if (step.value.errors !== undefined) throw new Error(JSON.stringify(step.value.errors));
          seen.push(step.value.data!);
          if (seen.length === count) {
            await iterator.return?.();
            resolve(seen);
            return;
          }
          step = await iterator.next();
        }
        resolve(seen);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      }
    })();
  });
  return { ready, events };
}

const subscription = /* GraphQL */ `
  subscription Watch($view: ViewInput!, $after: Int) {
    rewrites(view: $view, after: $after) { idx type view { name } ops receipt { viewDigest } }
  }
`;

describe("the scripted sequence over HTTP", () => {
  it("system digest H0; createSws -> 0; AddNode in sws 0 accepted with a hex64 digest; sws digest != H0; system unchanged; rewrites ascending", async () => {
    const graphQuery = "query G($view: ViewInput!) { graph(view: $view) { digest snapshotId } }";
    const { graph: system0 } = await data<{ graph: { digest: string; snapshotId: string } }>(daemon.url, graphQuery, { view: SYSTEM });
    expect(system0.digest).toMatch(hex64);
    expect(system0.snapshotId).toBe(system0.digest);

    const { createSws } = await data<{ createSws: { sws: { id: string; state: string; baseDigest: string } } }>(
      daemon.url,
      "mutation { createSws { sws { id state baseDigest } } }",
    );
    expect(createSws.sws).toEqual({ id: "0", state: "OPEN", baseDigest: system0.digest });

    // A WebSocket subscriber to sws 0, from just after its creation (idx 0): it sees the rewrite whether its
    // subscribe message reaches the daemon before or after the rewrite is applied.
    const watcher = nextEvents(ws, subscription, { view: SWS0, after: 0 }, 1);
    await watcher.ready;

    const apply = await data<{ applyRewrite: { accepted: boolean; receipt: { rewriteIdx: number; idx: number; view: { name: string }; viewDigest: string }; createdIds: string[] } }>(
      daemon.url,
      `mutation Apply($view: ViewInput!, $rewrite: RewriteInput!) {
         applyRewrite(view: $view, rewrite: $rewrite) { accepted receipt { rewriteIdx idx view { name } viewDigest } createdIds }
       }`,
      { view: SWS0, rewrite: { ops: [{ op: "AddNode", data: { kind: "Note", payload_b64: "aGk=" } }], meta: { by: "test" } } },
    );
    expect(apply.applyRewrite.accepted).toBe(true);
    // The overlay's first rewrite is its rewrite 0; in the global history it follows createSws (ADR 0028).
    expect(apply.applyRewrite.receipt.rewriteIdx).toBe(0);
    expect(apply.applyRewrite.receipt.idx).toBe(1);
    expect(apply.applyRewrite.receipt.view.name).toBe("sws:0");
    expect(apply.applyRewrite.receipt.viewDigest).toMatch(hex64);
    expect(apply.applyRewrite.createdIds).toEqual([expect.stringMatching(hex64)]);

    const { graph: sws0 } = await data<{ graph: { digest: string } }>(daemon.url, graphQuery, { view: SWS0 });
    expect(sws0.digest).toBe(apply.applyRewrite.receipt.viewDigest);
    expect(sws0.digest).not.toBe(system0.digest);
    const { graph: system1 } = await data<{ graph: { digest: string } }>(daemon.url, graphQuery, { view: SYSTEM });
    expect(system1.digest).toBe(system0.digest);

    const { rewrites } = await data<{ rewrites: { items: { idx: number; type: string; meta: unknown; receipt: { rewriteIdx: number } }[] } }>(
      daemon.url,
      "query R($view: ViewInput) { rewrites(view: $view) { items { idx type meta receipt { rewriteIdx } } } }",
      { view: SWS0 },
    );
    const idxs = rewrites.items.map((item) => item.idx);
    expect(idxs).toEqual([...idxs].sort((a, b) => a - b));
    expect(idxs).toEqual([0, 1]);
    const applied = rewrites.items.filter((item) => item.type === "rewrite").map((item) => item.receipt.rewriteIdx);
    expect(applied).toEqual([0]);
    expect(rewrites.items.find((item) => item.idx === 1)?.meta).toEqual({ by: "test" });

    // The subscriber saw the rewrite, with the same receipt digest.
    const [event] = await watcher.events;
    expect(event!.rewrites).toEqual({
      idx: 1,
      type: "rewrite",
      view: { name: "sws:0" },
      ops: [{ op: "AddNode", data: { kind: "Note", payload_b64: "aGk=" } }],
      receipt: { viewDigest: sws0.digest },
    });
  });

  it("serves queries over GET too, and refuses mutations over GET (405)", async () => {
    const get = await fetch(`${daemon.url}?query=${encodeURIComponent("{ kernelInfo { version durable } }")}`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { kernelInfo: { version: "0.1.0", durable: true } } });
    const mutation = await fetch(`${daemon.url}?query=${encodeURIComponent("mutation { createSws { sws { id } } }")}`);
    expect(mutation.status).toBe(405);
  });

  it("a subscriber with after: catches up on entries it missed, then sees new ones", async () => {
    const watcher = nextEvents(ws, subscription, { view: SWS0, after: -1 }, 3);
    await watcher.ready;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await data(daemon.url, `mutation { applyRewrite(view: {kind: SWS, swsId: "0"}, rewrite: {ops: [{op: "AddNode", data: {kind: "Later"}}]}) { accepted } }`);
    const events = await watcher.events;
    expect(events.map((event) => event.rewrites.idx)).toEqual([0, 1, 2]);
    expect(events.map((event) => event.rewrites.type)).toEqual(["sws.create", "rewrite", "rewrite"]);
  });
});

describe("the typed API", () => {
  it("createTask(view, input) applies one typed op and returns the receipt and the typed record", async () => {
    const created = await data<{ createTask: { receipt: { rewriteIdx: number; viewDigest: string }; record: { __typename: string; id: string; title: string; priority: number; state: string; owner: string } } }>(
      daemon.url,
      `mutation ($view: ViewInput!, $input: CreateTaskInput!) {
         createTask(view: $view, input: $input, meta: {ticket: "T-1"}) { receipt { rewriteIdx viewDigest } record { __typename id title priority state owner } }
       }`,
      { view: SWS0, input: { title: "Fix auth bug", intent: "FixBug" } },
    );
    // state and owner are derived by folds from history (QUEUED after createTask; no principal without --auth).
    expect(created.createTask.record).toEqual({ __typename: "Task", id: expect.stringMatching(hex64), title: "Fix auth bug", priority: 50, state: "QUEUED", owner: "" });
    const { graph } = await data<{ graph: { digest: string } }>(daemon.url, `{ graph(view: {kind: SWS, swsId: "0"}) { digest } }`);
    expect(graph.digest).toBe(created.createTask.receipt.viewDigest);

    // The domain's lookup task(id) is served per view; an id of another kind is null, not a wrongly typed record.
    const id = created.createTask.record.id;
    const lookup = await data<{ task: { title: string } | null; slap: unknown; system: unknown }>(
      daemon.url,
      `query ($id: ID!) { task(view: {kind: SWS, swsId: "0"}, id: $id) { title } slap(view: {kind: SWS, swsId: "0"}, id: $id) { id } system: task(view: {kind: SYSTEM}, id: $id) { title } }`,
      { id },
    );
    expect(lookup).toEqual({ task: { title: "Fix auth bug" }, slap: null, system: null });

    // Bad typed input is INVALID_INPUT naming the field (GraphQL coercion or the generated validator).
    const empty = await graphql(daemon.url, `mutation { createTask(view: {kind: SWS, swsId: "0"}, input: {title: "", intent: "x"}) { receipt { rewriteIdx } } }`);
    expect(empty.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(empty.errors?.[0]?.message).toMatch(/title/);
  });

  it("applyOps applies several typed ops as one rewrite; typed filters select records by kind and attribute", async () => {
    const applied = await data<{ applyOps: { receipt: { rewriteIdx: number }; createdIds: string[] } }>(
      daemon.url,
      `mutation { applyOps(view: {kind: SWS, swsId: "0"}, ops: [
         {createTask: {title: "Low", intent: "x", priority: 10}},
         {createTask: {title: "High", intent: "x", priority: 90}}
       ]) { receipt { rewriteIdx } createdIds } }`,
    );
    expect(applied.applyOps.createdIds).toHaveLength(2);
    const filtered = await data<{ graph: { nodes: { items: { __typename: string; title?: string }[] } } }>(
      daemon.url,
      `{ graph(view: {kind: SWS, swsId: "0"}, nodeFilter: {task: {priority: {gte: 50}}}) {
           nodes { items { __typename ... on Task { title } } } } }`,
    );
    expect(filtered.graph.nodes.items.map((item) => item.title).sort()).toEqual(["Fix auth bug", "High"]);
    const v0 = await data<{ graph: { nodes: { items: { __typename: string; kind: string }[] } } }>(
      daemon.url,
      `{ graph(view: {kind: SWS, swsId: "0"}, nodeFilter: {v0Kinds: ["Note"]}) { nodes { items { __typename kind } } } }`,
    );
    expect(v0.graph.nodes.items).toEqual([{ __typename: "V0Node", kind: "Note" }]);
  });

  it("typed edges resolve their endpoints in the same view", async () => {
    const ids = await data<{ applyOps: { createdIds: string[] } }>(
      daemon.url,
      `mutation { applyOps(view: {kind: SWS, swsId: "0"}, ops: [{createTask: {title: "A", intent: "x"}}, {createTask: {title: "B", intent: "x"}}]) { createdIds } }`,
    );
    const [a, b] = ids.applyOps.createdIds;
    const edge = await data<{ addDependency: { record: { __typename: string; fromNode: { title: string }; toNode: { title: string } } } }>(
      daemon.url,
      `mutation ($input: AddDependencyInput!) { addDependency(view: {kind: SWS, swsId: "0"}, input: $input) {
         record { __typename fromNode { title } toNode { title } } } }`,
      { input: { taskId: a, dependsOnTaskId: b } },
    );
    expect(edge.addDependency.record).toEqual({ __typename: "DependsOn", fromNode: { title: "A" }, toNode: { title: "B" } });
  });
});
