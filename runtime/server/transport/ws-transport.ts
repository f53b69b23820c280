// Subscriptions (and any other operation) over the graphql-transport-ws protocol (graphql-ws), on the same
// /graphql path as HTTP. The same admission gate runs; each connection holds a bounded number of subscriptions.
import type { IncomingMessage, Server } from "node:http";
import type { GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { admit } from "../admission/admit.js";
import type { Gate } from "../admission/admit.js";
import type { Authorizer, RequestPrincipal } from "../auth/authorizer.js";
import { apiError, formatApiError } from "../errors/index.js";
import { subscribeShared } from "../events/shared-execution.js";
import type { ErrorLog } from "../errors/index.js";
import type { OperationExecutor } from "../execution/compiled-operations.js";
import { subscriptions_complete_wait_ms } from "../config/limits.js";
import { graphql_path } from "./http-transport.js";

export interface WsTransport {
  readonly sockets: WebSocketServer;
  /** Completes every subscription and closes every socket (1001 going away). */
  dispose(): Promise<void>;
}

type Extra = {
  readonly request: IncomingMessage;
  principal?: RequestPrincipal | null;
};

export interface WsTransportOptions {
  readonly gate: Gate;
  readonly auth: Authorizer;
  readonly log: ErrorLog;
  /** Runs admitted queries and mutations (compiled once they repeat); subscriptions use subscribeShared. */
  readonly executor: OperationExecutor;
}

export function createWsTransport(server: Server, options: WsTransportOptions): WsTransport {
  const { gate, auth, log, executor } = options;
  const sockets = new WebSocketServer({ server, path: graphql_path, maxPayload: gate.limits.bodyBytesMax });
  // Every connection's context, so shutdown can wait for its ended subscriptions to say `complete`.
  const connections = new Set<{ readonly subscriptions: Readonly<Record<string, unknown>> }>();
  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: gate.schema,
      execute: executor.execute,
      subscribe: subscribeShared,
      onClose: (ctx) => void connections.delete(ctx),
      onConnect: (ctx) => {
        connections.add(ctx);
        // A bearer token comes as connectionParams.authorization (browsers cannot set upgrade headers) or as the
        // upgrade request's Authorization header.
        const fromParams = ctx.connectionParams?.["authorization"];
        const header = typeof fromParams === "string" ? fromParams : ctx.extra.request.headers.authorization;
        try {
          ctx.extra.principal = auth.authenticate(header);
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const open = Object.keys(ctx.subscriptions).length;
        if (open > gate.limits.subscriptionsPerConnectionMax) {
          return [
            apiError(
              "CONFLICT",
              `this connection already holds ${open - 1} subscriptions, the most subscriptionsPerConnectionMax ` +
                `(${gate.limits.subscriptionsPerConnectionMax}) allows; complete one first, or start jitosd with a larger --subscriptions-per-connection-max`,
            ),
          ];
        }
        const admitted = admit(gate, {
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          extensions: payload.extensions,
        });
        if (Array.isArray(admitted)) return admitted as GraphQLError[];
        const { document } = admitted as Exclude<typeof admitted, readonly GraphQLError[]>;
        return {
          schema: gate.schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: { principal: ctx.extra.principal ?? null },
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors === undefined
          ? undefined
          : { ...result, errors: result.errors.map((error) => formatApiError(error, log)) },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatApiError(error, log)),
    },
    sockets,
  );
  return {
    sockets,
    dispose: async () => {
      // The feed has ended every subscription (JitosServer.stop); graphql-ws sends each `complete` a few ticks
      // later. Closing the sockets first would cut them, and a reader (jitosctl rewrites --follow) would see a
      // dropped connection instead of the end of its stream.
      await untilAllComplete(connections);
      await disposable.dispose();
    },
  };
}

async function untilAllComplete(
  connections: ReadonlySet<{ readonly subscriptions: Readonly<Record<string, unknown>> }>,
): Promise<void> {
  const deadline = performance.now() + subscriptions_complete_wait_ms;
  const open = () => [...connections].some((ctx) => Object.keys(ctx.subscriptions).length > 0);
  while (open() && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}
