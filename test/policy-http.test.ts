// Policy over HTTP: a real jitosd child process started with --auth on a principals file (runtime/policy's
// config format), driven with bearer tokens. Every path: allowed, missing capability, predicate denial, unknown
// principal (and no token, and a spoofed meta.principal); each kernel refusal is FORBIDDEN naming the rule and is
// readable afterwards as a policy.deny entry in history.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenHash } from "../runtime/policy/index.js";
import { graphql, startDaemon } from "./server/support/daemon.js";
import type { Daemon, GraphQLResponse } from "./server/support/daemon.js";

const tokens = { alice: "alice-token-0123456789", bob: "bob-token-0123456789ab", reader: "reader-token-0123456789" };
let daemon: Daemon;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "jitos-policy-http-"));
  const file = join(dir, "principals.yaml");
  writeFileSync(
    file,
    [
      "version: 1",
      "principals:",
      "  - id: alice",
      "    capabilities: [task:write, task:run, sws:write, sws:collapse]",
      `    token: ${tokens.alice}`,
      "  - id: bob",
      "    capabilities: [task:write, sws:write]",
      `    tokenBlake3: ${tokenHash(tokens.bob)}`,
      "  - id: reader",
      "    capabilities: [sws:write]",
      `    token: ${tokens.reader}`,
    ].join("\n"),
  );
  daemon = await startDaemon(["--in-memory", "--auth", file]);
}, 120_000);

afterAll(async () => {
  await daemon?.stop();
});

const as = (who: keyof typeof tokens) => ({ headers: { authorization: `Bearer ${tokens[who]}` } });
const SWS0 = { kind: "SWS", swsId: "0" };

const createTask = /* GraphQL */ `
  mutation Create($view: ViewInput!, $input: CreateTaskInput!, $meta: JSON) {
    createTask(view: $view, input: $input, meta: $meta) {
      record {
        id
        owner
        state
      }
    }
  }
`;
const cancelTask = /* GraphQL */ `
  mutation Cancel($view: ViewInput!, $input: TaskRefInput!) {
    cancelTask(view: $view, input: $input) {
      record {
        id
        state
      }
    }
  }
`;

function forbidden(response: GraphQLResponse): string {
  expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  return response.errors![0]!.message;
}

describe("policy through jitosd", () => {
  let task = "";

  it("allows an op the principal holds capabilities for, and derives the owner from the token", async () => {
    const created = await graphql(daemon.url, "mutation { createSws { sws { id } } }", undefined, as("alice"));
    expect(created.errors).toBeUndefined();
    const response = await graphql<{ createTask: { record: { id: string; owner: string; state: string } } }>(
      daemon.url,
      createTask,
      { view: SWS0, input: { title: "ship it", intent: "release" } },
      as("alice"),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.createTask.record).toMatchObject({ owner: "alice", state: "QUEUED" });
    task = response.data!.createTask.record.id;
  });

  it("refuses a missing capability with FORBIDDEN naming it", async () => {
    const response = await graphql(
      daemon.url,
      createTask,
      { view: SWS0, input: { title: "t", intent: "i" } },
      as("reader"),
    );
    expect(forbidden(response)).toMatch(/principal reader may not createTask: missing capability task:write/);
  });

  it("refuses by predicate: only the owner may cancel", async () => {
    const response = await graphql(daemon.url, cancelTask, { view: SWS0, input: { taskId: task } }, as("bob"));
    expect(forbidden(response)).toMatch(
      /only the task's owner \("alice"\) or a task:admin may cancel it \(rule task.owner-only/,
    );
    const allowed = await graphql<{ cancelTask: { record: { state: string } } }>(
      daemon.url,
      cancelTask,
      { view: SWS0, input: { taskId: task } },
      as("alice"),
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.cancelTask.record.state).toBe("CANCELLED");
  });

  it("refuses an unknown token, a request without one, and a meta.principal that names someone else", async () => {
    const input = { view: SWS0, input: { title: "t", intent: "i" } };
    expect(
      forbidden(
        await graphql(daemon.url, createTask, input, { headers: { authorization: "Bearer not-a-known-token-000" } }),
      ),
    ).toMatch(/not in this daemon's principals file/);
    expect(forbidden(await graphql(daemon.url, createTask, input))).toMatch(/send Authorization: Bearer <token>/);
    expect(
      forbidden(await graphql(daemon.url, createTask, { ...input, meta: { principal: "alice" } }, as("bob"))),
    ).toMatch(/your token belongs to "bob"/);
  });

  it("records each kernel refusal in history: who, what, which rule", async () => {
    const response = await graphql<{
      rewrites: { items: { idx: number; type: string; entry: Record<string, unknown> }[] };
    }>(
      daemon.url,
      'query { rewrites(view: { kind: SWS, swsId: "0" }) { items { idx type entry } } }',
      undefined,
      as("reader"),
    );
    expect(response.errors).toBeUndefined();
    const denials = response
      .data!.rewrites.items.filter((item) => item.type === "policy.deny")
      .map((item) => item.entry);
    expect(denials).toMatchObject([
      { principal: "reader", op: "createTask", opIndex: 0, rule: "requires", missing: ["task:write"] },
      { principal: "bob", op: "cancelTask", opIndex: 0, rule: "task.owner-only", missing: [] },
    ]);
  });
});
