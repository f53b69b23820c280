import { blake3 } from "hash-wasm";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importEmitted } from "../emit/testing/emitted-project.js";
import { buildClient, CLIENT_VECTORS, writeClient } from "./testing/client-project.js";
import { startFixtureServer } from "./testing/fixture-server.js";
import type { FixtureServer } from "./testing/fixture-server.js";

/** The slice of the generated module this test drives (its own types are checked in client-output.test.ts). */
interface GeneratedClient {
  getTask(variables: { id: string; withNote: boolean }): Promise<{ task: Record<string, unknown> | null }>;
  listTasks(variables?: { first?: number }): Promise<{ tasks: { id: string }[] }>;
  createTask(variables: { input: { title: string; note?: string } }): Promise<{ created: Record<string, unknown> }>;
  failing(variables: { code: string }): Promise<unknown>;
  taskEvents(variables: {
    count: number;
  }): AsyncIterableIterator<{ taskEvents: { seq: number; task: { id: string } } }>;
  close(): void;
}
interface GeneratedModule {
  createClient(options: { url: string; webSocketImpl?: unknown }): GeneratedClient;
  GraphQLClientError: new (...args: never[]) => Error & { code: string; errors: readonly unknown[]; status?: number };
}

let server: FixtureServer;
let generated: GeneratedModule;
let client: GeneratedClient;
let manifest: Record<string, string>;

beforeAll(async () => {
  const files = await buildClient([`${CLIENT_VECTORS}/schema.graphql`], [`${CLIENT_VECTORS}/documents`]);
  const dir = writeClient("end-to-end", files);
  manifest = (
    JSON.parse(files.find((f) => f.path === "persisted-operations.json")?.contents ?? "{}") as {
      operations: Record<string, string>;
    }
  ).operations;
  generated = await importEmitted<GeneratedModule>(dir, "index.ts");
  server = await startFixtureServer();
  // Node 20 has a global fetch but no global WebSocket: the ws package is injected.
  client = generated.createClient({ url: server.url, webSocketImpl: WebSocket });
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

describe("the generated client against a real graphql-http + graphql-ws server", () => {
  it("runs a query over HTTP: aliases, fragments, __typename, and @include honoured", async () => {
    const withoutNote = await client.getTask({ id: "t1", withNote: false });
    expect(withoutNote.task).toEqual({
      __typename: "Task",
      id: "t1",
      title: "Write tests",
      state: "RUNNING",
      assignee: { name: "Ada" },
      summary: "Write tests",
      tags: ["a", null],
    });
    const withNote = await client.getTask({ id: "t1", withNote: true });
    expect(withNote.task?.["note"]).toBe("first");
    expect((await client.listTasks()).tasks.map((task) => task.id)).toEqual(["t1"]);
  });

  it("runs a mutation with an input object", async () => {
    const { created } = await client.createTask({ input: { title: "Ship it", note: "soon" } });
    expect(created).toEqual({ id: "t2", title: "Ship it", state: "QUEUED", note: "soon" });
  });

  it("surfaces GraphQL errors as GraphQLClientError carrying extensions.code", async () => {
    const failure = await client.failing({ code: "NOT_FOUND" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(generated.GraphQLClientError);
    expect(failure).toMatchObject({ code: "NOT_FOUND", message: "failing on purpose with NOT_FOUND" });
    expect((failure as { errors: unknown[] }).errors).toHaveLength(1);
  });

  it("streams a subscription as an async iterator until the server completes it, then closes the socket", async () => {
    const seen: number[] = [];
    for await (const event of client.taskEvents({ count: 3 })) seen.push(event.taskEvents.seq);
    expect(seen).toEqual([0, 1, 2]);
    await expect.poll(() => server.openSockets()).toBe(0);
  });

  it("stops the server-side subscription when the reader breaks out early", async () => {
    const before = server.finishedSubscriptions();
    const seen: number[] = [];
    for await (const event of client.taskEvents({ count: 1_000 })) {
      seen.push(event.taskEvents.seq);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([0, 1]);
    await expect.poll(() => server.finishedSubscriptions()).toBe(before + 1);
  });

  it("throws a subscription's error from the iterator with its code", async () => {
    const events = client.taskEvents({ count: -1 });
    const failure = await events.next().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(generated.GraphQLClientError);
    expect(failure).toMatchObject({ code: "INVALID_INPUT" });
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it("sends exactly the manifest's text with its id, so a persisted-only server can allow it", async () => {
    expect(server.received.length).toBeGreaterThan(0);
    expect(new Set(server.received.map((r) => r.transport))).toEqual(new Set(["http", "ws"]));
    for (const operation of server.received) {
      expect(await blake3(operation.query, 256)).toBe(operation.documentId);
      expect(manifest[operation.documentId as string]).toBe(operation.query);
    }
  });
});
