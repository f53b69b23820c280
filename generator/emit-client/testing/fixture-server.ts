/**
 * Test support: a real GraphQL server for test-vectors/client/schema.graphql (graphql-http + graphql-ws, see
 * graphql-server.ts) with a few tasks, a failing field and a counting subscription.
 */
import { CLIENT_VECTORS } from "./client-project.js";
import { graphql, serveGraphQL } from "./graphql-server.js";
import type { ReceivedOperation } from "./graphql-server.js";

export type { ReceivedOperation };
const { GraphQLError } = graphql;

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

  const running = await serveGraphQL(`${CLIENT_VECTORS}/schema.graphql`, {
    rootValue,
    subscription: subscriptionRoot,
  });
  return {
    url: running.url,
    received: running.received,
    finishedSubscriptions: () => finished,
    openSockets: running.openSockets,
    close: () => running.close(),
  };
}
