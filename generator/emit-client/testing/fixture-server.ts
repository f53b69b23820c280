/**
 * Test support: a real GraphQL server for test-vectors/client/schema.graphql on 127.0.0.1 and a free port,
 * queries and mutations over HTTP (graphql-http), subscriptions over graphql-transport-ws (graphql-ws + ws), on the
 * same `/graphql` path, the way jitosd serves them. It records what clients send so tests can check ids.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type * as GraphQLModule from "graphql";
import { join } from "node:path";
import { createRequire } from "node:module";
import { createHandler } from "graphql-http/lib/use/http";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { CLIENT_VECTORS, REPO_ROOT } from "./client-project.js";

// graphql-http and graphql-ws load graphql through Node (its CommonJS build); vitest would hand this module the ESM
// build, and graphql-js refuses a schema "from another module or realm". So take graphql from where they take it.
const { buildSchema, GraphQLError } = createRequire(import.meta.url)("graphql") as typeof GraphQLModule;

export interface ReceivedOperation {
  readonly transport: "http" | "ws";
  readonly query: string;
  readonly documentId: unknown;
}

export interface FixtureServer {
  readonly url: string;
  readonly received: ReceivedOperation[];
  /** Subscriptions whose server-side generator has finished (completed or was stopped by the client). */
  readonly finishedSubscriptions: () => number;
  readonly openSockets: () => number;
  close(): Promise<void>;
}

interface TaskRecord {
  id: string;
  title: string;
  state: "QUEUED" | "RUNNING" | "DONE";
  note: string | null;
  tags: (string | null)[] | null;
  createdAt: string;
  assignee: { id: string; name: string } | null;
}

const ADA = { id: "p1", name: "Ada" };

export async function startFixtureServer(): Promise<FixtureServer> {
  const schema = buildSchema(readFileSync(join(REPO_ROOT, CLIENT_VECTORS, "schema.graphql"), "utf8"));
  const tasks: TaskRecord[] = [
    {
      id: "t1",
      title: "Write tests",
      state: "RUNNING",
      note: "first",
      tags: ["a", null],
      createdAt: "2025-01-01T00:00:00Z",
      assignee: ADA,
    },
  ];
  const received: ReceivedOperation[] = [];
  let finished = 0;

  const rootValue = {
    task: ({ id }: { id: string }) => tasks.find((task) => task.id === id) ?? null,
    tasks: ({ first }: { first: number }) => tasks.slice(0, first),
    failing: ({ code }: { code: string }) => {
      throw new GraphQLError(`failing on purpose with ${code}`, { extensions: { code } });
    },
    createTask: ({ input }: { input: { title: string; note?: string | null } }) => {
      const task: TaskRecord = {
        id: `t${tasks.length + 1}`,
        title: input.title,
        state: "QUEUED",
        note: input.note ?? null,
        tags: null,
        createdAt: "2025-01-02T00:00:00Z",
        assignee: null,
      };
      tasks.push(task);
      return task;
    },
  };
  const subscriptionRoot = {
    taskEvents: async function* ({ count }: { count: number }) {
      if (count < 0) throw new GraphQLError("count must be >= 0", { extensions: { code: "INVALID_INPUT" } });
      try {
        for (let seq = 0; seq < count; seq += 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield { taskEvents: { seq, task: tasks[0] } };
        }
      } finally {
        finished += 1;
      }
    },
  };

  const handler = createHandler({
    schema,
    rootValue,
    onSubscribe: (_req, params) => {
      received.push({ transport: "http", query: params.query, documentId: params.extensions?.["documentId"] });
    },
  });
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/graphql") === true) void handler(req, res);
    else res.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ server, path: "/graphql" });
  const wsServer = useServer(
    {
      schema,
      roots: { subscription: subscriptionRoot },
      onSubscribe: (_ctx, _id, payload) => {
        received.push({ transport: "ws", query: payload.query, documentId: payload.extensions?.["documentId"] });
      },
    },
    sockets,
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    finishedSubscriptions: () => finished,
    openSockets: () => sockets.clients.size,
    async close() {
      await wsServer.dispose();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
