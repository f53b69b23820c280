/**
 * Test support: a real GraphQL server on 127.0.0.1 and a free port, queries and mutations over HTTP (graphql-http),
 * subscriptions over graphql-transport-ws (graphql-ws + ws), on the same `/graphql` path, the way jitosd serves
 * them. It records what clients send so tests can check persisted ids.
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
import { REPO_ROOT } from "./client-project.js";

// graphql-http and graphql-ws load graphql through Node (its CommonJS build); vitest would hand this module the ESM
// build, and graphql-js refuses a schema "from another module or realm". So take graphql from where they take it.
export const graphql = createRequire(import.meta.url)("graphql") as typeof GraphQLModule;

export interface ReceivedOperation {
  readonly transport: "http" | "ws";
  readonly query: string;
  readonly documentId: unknown;
}

export interface RunningServer {
  readonly url: string;
  readonly received: ReceivedOperation[];
  readonly openSockets: () => number;
  close(): Promise<void>;
}

export interface ServerRoots {
  /** Query and mutation resolvers by field name (graphql-js root value). */
  readonly rootValue: Record<string, unknown>;
  /** Subscription resolvers by field name: async generators of `{ [field]: value }`. */
  readonly subscription: Record<string, object>;
}

/** Serves the SDL file `schemaFile` (relative to the repository) with the given resolvers. */
export async function serveGraphQL(schemaFile: string, roots: ServerRoots): Promise<RunningServer> {
  const schema = graphql.buildSchema(readFileSync(join(REPO_ROOT, schemaFile), "utf8"));
  const received: ReceivedOperation[] = [];
  const handler = createHandler({
    schema,
    rootValue: roots.rootValue,
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
      roots: { subscription: roots.subscription },
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
    openSockets: () => sockets.clients.size,
    async close() {
      await wsServer.dispose();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
