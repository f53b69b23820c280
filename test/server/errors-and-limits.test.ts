// Bad requests against a real jitosd with small limits: every limit is enforced with an error naming it, and
// every error code of the API is produced by the request that should produce it (INTERNAL, which no valid or
// invalid request may cause, is covered by runtime/server/errors/api-error.test.ts).
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { codes, data, graphql, removeDir, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

let daemon: Daemon;
let dataDir: string;

const limits = {
  bodyBytesMax: 2048,
  queryDepthMax: 4,
  queryCostMax: 50,
  pageSizeMax: 10,
  subscriptionsPerConnectionMax: 1,
};

beforeAll(async () => {
  dataDir = await tempDataDir();
  daemon = await startDaemon(
    [
      "--body-bytes-max", String(limits.bodyBytesMax),
      "--query-depth-max", String(limits.queryDepthMax),
      "--query-cost-max", String(limits.queryCostMax),
      "--page-size-max", String(limits.pageSizeMax),
      "--subscriptions-per-connection-max", String(limits.subscriptionsPerConnectionMax),
    ],
    dataDir,
  );
  await data(daemon.url, "mutation { createSws { sws { id } } }");
});

afterAll(async () => {
  await daemon?.stop();
  await removeDir(dataDir);
});

describe("INVALID_INPUT", () => {
  it("a SYSTEM view with an swsId, naming the fix", async () => {
    const response = await graphql(daemon.url, `{ graph(view: {kind: SYSTEM, swsId: "0"}) { digest } }`);
    expect(codes(response)).toEqual(["INVALID_INPUT"]);
    expect(response.errors?.[0]?.message).toMatch(/SYSTEM takes no swsId.*\{kind: SWS, swsId: "0"\}/);
  });

  it("an SWS view without swsId, or with one that is not a decimal id", async () => {
    expect(codes(await graphql(daemon.url, `{ graph(view: {kind: SWS}) { digest } }`))).toEqual(["INVALID_INPUT"]);
    const bad = await graphql(daemon.url, `{ graph(view: {kind: SWS, swsId: "007"}) { digest } }`);
    expect(codes(bad)).toEqual(["INVALID_INPUT"]);
    expect(bad.errors?.[0]?.message).toMatch(/view.swsId/);
  });

  it("page.first <= 0 and page.first over pageSizeMax, naming the argument and the range", async () => {
    const zero = await graphql(daemon.url, `{ rewrites(page: {first: 0}) { items { idx } } }`);
    expect(codes(zero)).toEqual(["INVALID_INPUT"]);
    expect(zero.errors?.[0]?.message).toBe("page.first: must be from 1 to 10 (pageSizeMax), got 0");
    const nodes = await graphql(daemon.url, `{ graph(view: {kind: SYSTEM}, nodesPage: {first: -1}) { nodes { items { id } } } }`);
    expect(codes(nodes)).toEqual(["INVALID_INPUT"]);
    expect(nodes.errors?.[0]?.message).toMatch(/^nodesPage.first: /);
    const big = await graphql(daemon.url, `{ listSws(page: {first: 11}) { items { id } } }`);
    expect(big.errors?.[0]?.message).toBe("page.first: must be from 1 to 10 (pageSizeMax), got 11");
  });

  it("a malformed body, an unknown field, a wrongly typed variable, an invalid op", async () => {
    const raw = await fetch(daemon.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    const rawBody = (await raw.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(rawBody.errors[0]!.extensions.code).toBe("INVALID_INPUT");
    expect(rawBody.errors[0]!.message).toMatch(/Unparsable JSON body/);

    const unknown = await graphql(daemon.url, "{ kernelInfo { nope } }");
    expect(codes(unknown)).toEqual(["INVALID_INPUT"]);
    expect(unknown.errors?.[0]?.message).toMatch(/Cannot query field "nope" on type "KernelInfo"/);

    const variable = await graphql(daemon.url, "query ($id: String!) { sws(id: $id) { id } }", { id: 5 });
    expect(codes(variable)).toEqual(["INVALID_INPUT"]);

    const op = await graphql(daemon.url, `mutation { applyRewrite(view: {kind: SWS, swsId: "0"}, rewrite: {ops: [{op: "AddNode", data: {}}]}) { accepted } }`);
    expect(codes(op)).toEqual(["INVALID_INPUT"]);
    expect(op.errors?.[0]?.message).toMatch(/\/ops\/0\/data\/kind/);
  });

  it("a body over bodyBytesMax is refused with 413 before it is parsed", async () => {
    const response = await fetch(daemon.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ kernelInfo { version } }`, variables: { pad: "x".repeat(limits.bodyBytesMax) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("INVALID_INPUT");
    expect(body.errors[0]!.message).toMatch(/over bodyBytesMax \(2048 bytes\).*--body-bytes-max/);
  });

  it("an operation deeper than queryDepthMax, fragments included", async () => {
    expect((await graphql(daemon.url, `{ listSws { items { view { name } } } }`)).errors).toBeUndefined(); // depth 4
    const five = await graphql(daemon.url, `{ rewrites(page: {first: 1}) { items { receipt { view { name } } } } }`);
    expect(codes(five)).toEqual(["INVALID_INPUT"]);
    expect(five.errors?.[0]?.message).toBe(
      "the operation nests fields 5 deep, more than queryDepthMax (4); split it into several requests, or start jitosd with a larger --query-depth-max",
    );
    const viaFragment = await graphql(daemon.url, `fragment V on RewriteReceipt { view { name } } { rewrites(page: {first: 1}) { items { receipt { ...V } } } }`);
    expect(codes(viaFragment)).toEqual(["INVALID_INPUT"]);
  });

  it("an operation over queryCostMax, with the estimate in the message", async () => {
    // 10 items x 5 fields + graph, nodes, items = 53 > 50.
    const response = await graphql(daemon.url, `{ graph(view: {kind: SYSTEM}, nodesPage: {first: 10}) { nodes { items { id kind attrs __typename ... on Task { title priority } } } } }`);
    expect(codes(response)).toEqual(["INVALID_INPUT"]);
    expect(response.errors?.[0]?.message).toMatch(/estimated cost is \d+, more than queryCostMax \(50\)/);
    // The same selection with a smaller page is fine.
    const small = await graphql(daemon.url, `{ graph(view: {kind: SYSTEM}, nodesPage: {first: 2}) { nodes { items { id kind attrs __typename ... on Task { title priority } } } } }`);
    expect(small.errors).toBeUndefined();
    // The page size may come from a variable.
    const variable = await graphql(daemon.url, `query ($p: PageInput) { graph(view: {kind: SYSTEM}, nodesPage: $p) { nodes { items { id kind attrs ... on Task { title priority } } } } }`, { p: { first: 10 } });
    expect(codes(variable)).toEqual(["INVALID_INPUT"]);
  });
});

describe("the other codes", () => {
  it("NOT_FOUND: an overlay never created, in a view and by id; an unknown path", async () => {
    const view = await graphql(daemon.url, `{ graph(view: {kind: SWS, swsId: "42"}) { digest } }`);
    expect(codes(view)).toEqual(["NOT_FOUND"]);
    expect(view.errors?.[0]?.message).toMatch(/no overlay sws:42/);
    const byId = await graphql(daemon.url, `{ sws(id: "42") { id } }`);
    expect(codes(byId)).toEqual(["NOT_FOUND"]);
    expect(byId.errors?.[0]?.message).toMatch(/createSws has assigned ids 0\.\.\d+/);
    const path = await fetch(daemon.url.replace("/graphql", "/nope"));
    expect(path.status).toBe(404);
    expect(((await path.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("NOT_FOUND");
  });

  it("NOT_IMPLEMENTED: a subscription over HTTP (they are served over WebSocket)", async () => {
    const response = await graphql(daemon.url, `subscription { rewrites(view: {kind: SYSTEM}) { idx } }`);
    expect(codes(response)).toEqual(["NOT_IMPLEMENTED"]);
    expect(response.errors?.[0]?.message).toMatch(/graphql-transport-ws/);
  });

  it("FORBIDDEN: applying to the system view, which changes only by collapse", async () => {
    const response = await graphql(daemon.url, `mutation { applyRewrite(view: {kind: SYSTEM}, rewrite: {ops: [{op: "AddNode", data: {kind: "Note"}}]}) { accepted } }`);
    expect(codes(response)).toEqual(["FORBIDDEN"]);
    expect(response.errors?.[0]?.message).toMatch(/collapseSws/);
    const typed = await graphql(daemon.url, `mutation { createTask(view: {kind: SYSTEM}, input: {title: "t", intent: "i"}) { receipt { rewriteIdx } } }`);
    expect(codes(typed)).toEqual(["FORBIDDEN"]);
  });

  it("CONFLICT: a second subscription on a connection that holds subscriptionsPerConnectionMax", async () => {
    const client = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const first = client.iterate({ query: `subscription { rewrites(view: {kind: SYSTEM}) { idx } }` });
      const firstNext = first.next();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = client.iterate({ query: `subscription { rewrites(view: {kind: SYSTEM}) { idx } }` });
      const error = await second.next().then(
        () => null,
        (failure: unknown) => failure as { extensions?: { code?: string }; message?: string }[],
      );
      expect(error?.[0]?.extensions?.code).toBe("CONFLICT");
      expect(error?.[0]?.message).toMatch(/subscriptionsPerConnectionMax \(1\)/);
      await first.return?.();
      void firstNext.catch(() => undefined);
    } finally {
      await client.dispose();
    }
  });

  it("CONFLICT: a collapse that conflicts is data with committed false, code CONFLICT and the records at fault; it changes nothing but history", async () => {
    const base = await data<{ createSws: { sws: { id: string } } }>(daemon.url, "mutation { createSws { sws { id } } }");
    const id = base.createSws.sws.id;
    const made = await data<{ applyRewrite: { createdIds: string[] } }>(
      daemon.url,
      `mutation ($id: String!) { applyRewrite(view: {kind: SWS, swsId: $id}, rewrite: {ops: [{op: "AddNode", data: {kind: "A"}}, {op: "AddNode", data: {kind: "B"}}]}) { createdIds } }`,
      { id },
    );
    const [a, b] = made.applyRewrite.createdIds;
    await data(daemon.url, `mutation ($id: String!) { collapseSws(id: $id) { committed } }`, { id });
    const remover = (await data<{ createSws: { sws: { id: string } } }>(daemon.url, "mutation { createSws { sws { id } } }")).createSws.sws.id;
    const linker = (await data<{ createSws: { sws: { id: string } } }>(daemon.url, "mutation { createSws { sws { id } } }")).createSws.sws.id;
    await data(daemon.url, `mutation ($v: String!, $n: String!) { applyRewrite(view: {kind: SWS, swsId: $v}, rewrite: {ops: [{op: "RemoveNode", data: {id: $n}}]}) { accepted } }`, { v: remover, n: a });
    await data(daemon.url, `mutation ($v: String!, $a: String!, $b: String!) { applyRewrite(view: {kind: SWS, swsId: $v}, rewrite: {ops: [{op: "AddEdge", data: {kind: "Link", from: $a, to: $b}}]}) { accepted } }`, { v: linker, a, b });
    const removed = (await data<{ collapseSws: { committed: boolean; receipt: { rewriteIdx: number } } }>(daemon.url, `mutation ($v: String!) { collapseSws(id: $v) { committed receipt { rewriteIdx } } }`, { v: remover })).collapseSws;
    expect(removed.committed).toBe(true);

    const systemBefore = (await data<{ graph: { digest: string } }>(daemon.url, "{ graph(view: {kind: SYSTEM}) { digest } }")).graph.digest;
    const conflict = await data<{ collapseSws: { committed: boolean; code: string; conflictCount: number; conflicts: { reason: string; table: string; related: string[] }[]; receipt: { rewriteIdx: number; idx: number; viewDigest: string }; sws: { state: string } } }>(
      daemon.url,
      `mutation ($v: String!) { collapseSws(id: $v) { committed code conflictCount conflicts { reason table related } receipt { rewriteIdx idx viewDigest } sws { state } } }`,
      { v: linker },
    );
    expect(conflict.collapseSws).toMatchObject({ committed: false, code: "CONFLICT", conflictCount: 1, sws: { state: "OPEN" } });
    expect(conflict.collapseSws.conflicts).toEqual([{ reason: "DANGLING_REFERENCE", table: "edge", related: [a] }]);
    expect(conflict.collapseSws.receipt.viewDigest).toBe(systemBefore);
    // The remover's collapse was the system's latest rewrite; the conflict's receipt vouches for the system after
    // it (a conflict is recorded but does not rewrite the system).
    expect(conflict.collapseSws.receipt.rewriteIdx).toBe(removed.receipt.rewriteIdx + 1);
    const entry = await data<{ rewrites: { items: { idx: number; type: string }[] } }>(daemon.url, `query ($after: Int) { rewrites(page: {after: $after, first: 1}) { items { idx type } } }`, { after: conflict.collapseSws.receipt.idx - 1 });
    expect(entry.rewrites.items).toEqual([{ idx: conflict.collapseSws.receipt.idx, type: "sws.collapse" }]);
  });
});
