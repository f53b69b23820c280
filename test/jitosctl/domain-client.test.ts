import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createDomainClient, GraphQLClientError } from "../../runtime/jitosctl/client/index.js";
import type { Client, DomainClient } from "../../runtime/jitosctl/client/index.js";
import { removeDataDir, startJitosd, tempDataDir } from "./processes.js";
import type { Jitosd } from "./processes.js";

const HEX64 = /^[0-9a-f]{64}$/;

let jitosd: Jitosd;
let dataDir: string;
let client: Client;
let domain: DomainClient;
let swsId: string;
/** History idx of the overlay's creation: the subscription starts after it, so it cannot miss the next entry. */
let swsCreatedIdx: number;

beforeAll(async () => {
  dataDir = await tempDataDir();
  jitosd = await startJitosd(dataDir);
  client = createClient({ url: jitosd.url, webSocketImpl: WebSocket });
  const created = (await client.createSws()).createSws;
  swsId = created.sws.id;
  swsCreatedIdx = created.receipt.idx;
  domain = createDomainClient({ url: jitosd.url, webSocketImpl: WebSocket, view: { kind: "SWS", swsId } });
});

afterAll(async () => {
  domain?.close();
  client?.close();
  await jitosd?.stop();
  await removeDataDir(dataDir);
});

describe("the generated domain client against a real jitosd (ADR 0110)", () => {
  it("client.createTask({...}) runs the typed mutation in the client's view and resolves to its payload", async () => {
    // `after` makes the stream replay from history, so the event arrives however late the subscribe lands.
    const events = domain.rewrites({ after: swsCreatedIdx });
    const firstEvent = events.next();
    const created = await domain.createTask({ title: "Fix auth bug", intent: "FixBug" });
    // Typed: these lines would not compile if the payload's types were not the schema's.
    const title: string = created.record.title;
    const priority: number = created.record.priority;
    expect(title).toBe("Fix auth bug");
    expect(priority).toBe(50); // the input's default, applied by the server
    expect(created.record.kind).toBe("Task");
    expect(created.record.id).toMatch(HEX64);
    expect(created.receipt.view).toEqual({ kind: "SWS", swsId, name: `sws:${swsId}` });
    expect(created.receipt.viewDigest).toMatch(HEX64);

    // The subscription yields the history entry of that op, as the field's value.
    const event = await firstEvent;
    expect(event.done).toBe(false);
    if (event.done === true) return;
    expect(event.value.idx).toBe(created.receipt.idx);
    expect(created.receipt.rewriteIdx).toBe(0); // the overlay's first rewrite
    expect(event.value.type).toBe("rewrite");
    expect(event.value.receipt.viewDigest).toBe(created.receipt.viewDigest);
    expect(event.value.ops).toEqual([expect.objectContaining({ op: "createTask" })]);
    await events.return();

    const { graph } = await client.graphDigest({ view: { kind: "SWS", swsId } });
    expect(graph.digest).toBe(created.receipt.viewDigest);
  });

  it("a domain op on a record passes its input through, and refusals carry extensions.code", async () => {
    const created = await domain.createTask({ title: "Ship", intent: "Release", priority: 90 });
    const cancelled = await domain.cancelTask({ taskId: created.record.id }, { meta: { by: "test" } });
    expect(cancelled.record?.id).toBe(created.record.id);
    expect(cancelled.receipt.rewriteIdx).toBe(created.receipt.rewriteIdx + 1);
    expect(cancelled.receipt.idx).toBe(created.receipt.idx + 1);

    const tooShort = await domain.createTask({ title: "", intent: "x" }).catch((error: unknown) => error);
    expect(tooShort).toBeInstanceOf(GraphQLClientError);
    expect(tooShort).toMatchObject({ code: "INVALID_INPUT" });

    const unknown = await domain
      .withView({ kind: "SWS", swsId: "999" })
      .createTask({ title: "t", intent: "i" })
      .catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
  });
});
