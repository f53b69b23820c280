// SIGTERM: jitosd stops accepting connections, lets the request in flight finish and answers it, ends
// subscriptions, flushes the log and exits 0; what it acknowledged is there after a restart.
import { request } from "node:http";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { data, removeDir, startDaemon, tempDataDir } from "./support/daemon.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
});
afterAll(async () => {
  await removeDir(dataDir);
});

describe("graceful shutdown", () => {
  it("finishes the request in flight, completes subscriptions, refuses new connections, exits 0, keeps what it acknowledged", async () => {
    const daemon = await startDaemon([], dataDir);
    await data(daemon.url, "mutation { createSws { sws { id } } }");

    // A subscriber, to see its subscription completed rather than cut.
    const client = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    // after: 0 (the createSws entry): the subscriber gets every later entry however late its subscribe arrives.
    const iterator = client.iterate({ query: `subscription { rewrites(view: {kind: SWS, swsId: "0"}, after: 0) { idx } }` });
    const subscriptionEnd = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // A request whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ query: `mutation { applyRewrite(view: {kind: SWS, swsId: "0"}, rewrite: {ops: [{op: "AddNode", data: {kind: "Late"}}]}) { receipt { rewriteIdx idx viewDigest } } }` });
    const url = new URL(daemon.url);
    let stopped: Promise<number | string> | null = null;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 20));
      // Time for the headers to reach the daemon (the request is in flight from then on) before SIGTERM.
      setTimeout(() => {
        stopped = daemon.stop("SIGTERM");
        setTimeout(() => req.end(body.slice(20)), 500);
      }, 1000);
    });

    const response = await answer;
    expect(response.status).toBe(200);
    const receipt = (JSON.parse(response.text) as { data: { applyRewrite: { receipt: { rewriteIdx: number; idx: number; viewDigest: string } } } }).data.applyRewrite.receipt;
    expect(receipt.rewriteIdx).toBe(0); // sws:0's first rewrite
    expect(receipt.idx).toBe(1); // after createSws in history

    // The subscriber saw the rewrite that finished during shutdown, then its subscription ended (no hang).
    const first = await subscriptionEnd;
    expect(first.value).toEqual({ data: { rewrites: { idx: 1 } } });
    const end = await iterator.next().then(
      (step) => (step.done === true ? "completed" : "event"),
      () => "closed",
    );
    expect(["completed", "closed"]).toContain(end);
    await client.dispose();

    expect(await stopped).toBe(0);
    expect(daemon.stdout()).toMatch(/SIGTERM: stopping/);
    expect(daemon.stdout()).toMatch(/stopped at 2 history entries/);
    await expect(fetch(daemon.url, { method: "POST" })).rejects.toThrow();

    const again = await startDaemon([], dataDir);
    try {
      const { graph } = await data<{ graph: { digest: string } }>(again.url, `{ graph(view: {kind: SWS, swsId: "0"}) { digest } }`);
      expect(graph.digest).toBe(receipt.viewDigest);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
