/**
 * Test support: a real server for test-vectors/client/domain/schema.graphql, the jitosd-shaped API the domain client
 * is tested on (graphql-http + graphql-ws, see graphql-server.ts). Views are SYSTEM and SWS "0"; domain ops append
 * a rewrite to their view and publish it to that view's `rewrites` subscribers. It is a test double of the shape,
 * not of the kernel: digests are SHA-256 of the rewrite count, enough to see they change.
 */
import { createHash } from "node:crypto";
import { graphql, serveGraphQL } from "./graphql-server.js";
import type { RunningServer } from "./graphql-server.js";

const { GraphQLError } = graphql;

interface ViewInput {
  kind: "SYSTEM" | "SWS";
  swsId?: string | null;
}

interface RewriteEvent {
  idx: number;
  view: { kind: string; swsId: string | null };
  digest: string;
  ops: unknown[];
  touched: { __typename: string; id: string; kind?: string; from?: string; to?: string }[];
}

export interface DomainFixtureServer extends RunningServer {
  /** Every `idempotencyKey` the server was given, in order (undefined when a call gave none). */
  readonly idempotencyKeys: (string | undefined)[];
  /** Subscriptions whose server-side generator has finished. */
  readonly finishedSubscriptions: () => number;
}

export async function startDomainFixtureServer(): Promise<DomainFixtureServer> {
  const logs = new Map<string, RewriteEvent[]>([
    ["system", []],
    ["sws:0", []],
  ]);
  const listeners = new Map<string, Set<(event: RewriteEvent) => void>>();
  const idempotencyKeys: (string | undefined)[] = [];
  let finished = 0;

  const viewKey = (view: ViewInput): string => {
    if (view.kind === "SYSTEM") {
      if (view.swsId !== undefined && view.swsId !== null) {
        throw new GraphQLError("A SYSTEM view takes no swsId.", { extensions: { code: "INVALID_INPUT" } });
      }
      return "system";
    }
    const key = `sws:${view.swsId ?? ""}`;
    if (!logs.has(key))
      throw new GraphQLError(`No SWS ${view.swsId ?? "(none)"}.`, { extensions: { code: "NOT_FOUND" } });
    return key;
  };
  const append = (view: ViewInput, touchedId: string) => {
    const key = viewKey(view);
    const log = logs.get(key) as RewriteEvent[];
    const idx = log.length;
    const digest = createHash("sha256")
      .update(`${key}/${idx + 1}`)
      .digest("hex");
    const event: RewriteEvent = {
      idx,
      view: { kind: view.kind, swsId: view.swsId ?? null },
      digest,
      ops: [{ op: "touch", id: touchedId }],
      touched: [{ __typename: "NodeRecord", id: touchedId, kind: "Task" }],
    };
    log.push(event);
    for (const listener of listeners.get(key) ?? []) listener(event);
    return { accepted: true, receipt: { rewriteIdx: idx, view: event.view, viewDigest: digest } };
  };

  const rootValue = {
    kernelInfo: () => "domain fixture",
    createTask: (args: {
      view: ViewInput;
      input: { title: string; priority?: number | null };
      idempotencyKey?: string;
    }) => {
      idempotencyKeys.push(args.idempotencyKey);
      const id = `n${(logs.get(viewKey(args.view))?.length ?? 0) + 1}`;
      const result = append(args.view, id);
      return { ...result, task: { id, title: args.input.title, priority: args.input.priority ?? 50, dependsOn: [] } };
    },
    cancelTask: (args: { view: ViewInput; input: { taskId: string } }) => append(args.view, args.input.taskId),
    failTask: (args: { view: ViewInput; input: { taskId: string }; reason: string }) => {
      if (args.reason === "") throw new GraphQLError("reason is empty.", { extensions: { code: "INVALID_INPUT" } });
      return append(args.view, args.input.taskId);
    },
  };
  const subscription = {
    // A hand-written iterator, not an async generator: a generator waiting for the next event would queue the
    // client's unsubscribe (return()) behind that wait, and never run its clean-up while the view is idle.
    rewrites: ({ view }: { view: ViewInput }): AsyncIterableIterator<{ rewrites: RewriteEvent }> => {
      const key = viewKey(view);
      const pending: RewriteEvent[] = [];
      let waiting: ((result: IteratorResult<{ rewrites: RewriteEvent }>) => void) | undefined;
      let ended = false;
      const listener = (event: RewriteEvent) => {
        const reader = waiting;
        waiting = undefined;
        if (reader !== undefined) reader({ done: false, value: { rewrites: event } });
        else pending.push(event);
      };
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set.add(listener));
      const iterator: AsyncIterableIterator<{ rewrites: RewriteEvent }> = {
        next: () => {
          const event = pending.shift();
          if (event !== undefined) return Promise.resolve({ done: false, value: { rewrites: event } });
          if (ended) return Promise.resolve({ done: true, value: undefined });
          return new Promise((resolve) => (waiting = resolve));
        },
        return: () => {
          if (!ended) {
            ended = true;
            set.delete(listener);
            finished += 1;
            waiting?.({ done: true, value: undefined });
            waiting = undefined;
          }
          return Promise.resolve({ done: true, value: undefined });
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
    ticks: async function* ({ every }: { every: number }) {
      for (let tick = 0; tick < 3; tick += 1) yield { ticks: tick * every };
    },
  };
  const running = await serveGraphQL("test-vectors/client/domain/schema.graphql", { rootValue, subscription });
  return { ...running, idempotencyKeys, finishedSubscriptions: () => finished };
}
