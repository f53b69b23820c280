// --auth <principals file>: bearer tokens name principals; the kernel's policy refuses ops a principal lacks
// capabilities for (FORBIDDEN, and the refusal is history); commands record who sent them.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { codes, graphql, removeDir, runDaemonToExit, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

const alice = "alice-token-0123456789abcdef";
const bob = "bob-token-0123456789abcdef";
const principals = `version: 1
principals:
  - id: alice
    capabilities: [task:write, sws:write, sws:collapse, graph:v0]
    token: "${alice}"
  - id: bob
    capabilities: [plan:write]
    token: "${bob}"
`;

let work: string;
let daemon: Daemon;

beforeAll(async () => {
  work = await tempDataDir();
  await writeFile(join(work, "principals.yaml"), principals);
  daemon = await startDaemon(["--auth", join(work, "principals.yaml")], join(work, "data"));
});

afterAll(async () => {
  await daemon?.stop();
  await removeDir(work);
});

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("--auth", () => {
  it("refuses requests without a known bearer token (401, FORBIDDEN), over HTTP and WebSocket", async () => {
    const none = await graphql(daemon.url, "{ kernelInfo { version } }");
    expect(none.status).toBe(401);
    expect(codes(none)).toEqual(["FORBIDDEN"]);
    expect(none.errors?.[0]?.message).toMatch(/Authorization: Bearer <token>/);
    const wrong = await graphql(daemon.url, "{ kernelInfo { version } }", undefined, as("not-a-known-token-at-all"));
    expect(codes(wrong)).toEqual(["FORBIDDEN"]);

    const client = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const closed = await client
      .iterate({ query: "subscription { rewrites(view: {kind: SYSTEM}) { idx } }" })
      .next()
      .then(
        () => null,
        (error: unknown) => error as { code?: number },
      );
    expect(closed?.code).toBe(4403);
    await client.dispose();
  });

  it("a principals file with problems stops the start, listing them", async () => {
    const bad = join(work, "bad.yaml");
    await writeFile(bad, "version: 1\nprincipals:\n  - id: eve\n    capabilities: [task:write]\n    token: short\n");
    const run = await runDaemonToExit(["--in-memory", "--port", "0", "--auth", bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad.yaml");
    expect(run.stderr).toMatch(/token/);
  });

  it("stamps the principal into every command, so history and folds know who did it", async () => {
    const info = await graphql<{ kernelInfo: { policyId: string } }>(daemon.url, "{ kernelInfo { policyId } }", undefined, as(alice));
    expect(info.data?.kernelInfo.policyId).toMatch(/^[0-9a-f]{64}$/);
    expect((await graphql(daemon.url, "mutation { createSws { sws { id } } }", undefined, as(alice))).errors).toBeUndefined();
    const created = await graphql<{ createTask: { record: { owner: string } } }>(
      daemon.url,
      `mutation { createTask(view: {kind: SWS, swsId: "0"}, input: {title: "Audit", intent: "Check"}) { record { owner } } }`,
      undefined,
      as(alice),
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createTask.record.owner).toBe("alice");
    const history = await graphql<{ rewrites: { items: { type: string; meta: { principal?: string } }[] } }>(daemon.url, "{ rewrites { items { type meta } } }", undefined, as(alice));
    expect(history.data?.rewrites.items.map((item) => item.meta.principal)).toEqual(["alice", "alice"]);
  });

  it("a WebSocket with the token in connectionParams may subscribe", async () => {
    const client = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${alice}` } });
    try {
      const iterator = client.iterate<{ rewrites: { idx: number; type: string } }>({ query: `subscription { rewrites(view: {kind: SWS, swsId: "0"}, after: -1) { idx type } }` });
      expect((await iterator.next()).value).toEqual({ data: { rewrites: { idx: 0, type: "sws.create" } } });
      await iterator.return?.();
    } finally {
      await client.dispose();
    }
  });

  it("an op the principal lacks a capability for is FORBIDDEN and recorded in history; so is naming someone else", async () => {
    const denied = await graphql(
      daemon.url,
      `mutation { createTask(view: {kind: SWS, swsId: "0"}, input: {title: "Sneak", intent: "x"}) { receipt { rewriteIdx } } }`,
      undefined,
      as(bob),
    );
    expect(codes(denied)).toEqual(["FORBIDDEN"]);
    expect(denied.errors?.[0]?.message).toMatch(/bob may not createTask: missing capability task:write.*recorded in history at idx 2/);
    const history = await graphql<{ rewrites: { items: { idx: number; type: string; entry: { principal: string; rule: string } }[] } }>(
      daemon.url,
      "{ rewrites(page: {after: 1}) { items { idx type entry } } }",
      undefined,
      as(alice),
    );
    expect(history.data?.rewrites.items).toEqual([{ idx: 2, type: "policy.deny", entry: expect.objectContaining({ principal: "bob", rule: "requires" }) }]);

    const lifecycle = await graphql(daemon.url, "mutation { createSws { sws { id } } }", undefined, as(bob));
    expect(codes(lifecycle)).toEqual(["FORBIDDEN"]);
    expect(lifecycle.errors?.[0]?.message).toMatch(/missing capability sws:write/);

    const impersonation = await graphql(
      daemon.url,
      `mutation { createTask(view: {kind: SWS, swsId: "0"}, input: {title: "T", intent: "x"}, meta: {principal: "bob"}) { receipt { rewriteIdx } } }`,
      undefined,
      as(alice),
    );
    expect(codes(impersonation)).toEqual(["FORBIDDEN"]);
    expect(impersonation.errors?.[0]?.message).toMatch(/jitosd sets it from the token/);
  });
});
