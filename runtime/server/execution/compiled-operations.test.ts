// The compiled path answers exactly as graphql-js does. Two identical kernels, each with the API's schema: every
// request runs through graphql-js on one and through OperationExecutor (compiling on first use) on the other, and
// the JSON a client would receive (errors formatted with their codes) must be byte-identical, for a scripted
// session over the whole API and for seeded random good and bad variables.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { execute, parse, specifiedRules, validate } from "graphql";
import type { DocumentNode, ExecutionResult, GraphQLSchema } from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { folds, policy } from "../../../generated/bindings.js";
import { domain } from "../../../generated/domain.js";
import { open_access } from "../auth/authorizer.js";
import { loadAuth } from "../auth/load-authorizer.js";
import { default_limits } from "../config/limits.js";
import { formatApiError } from "../errors/index.js";
import { RewriteFeed } from "../events/rewrite-feed.js";
import { buildApiSchema } from "../graph-api/schema.js";
import { openKernelHost } from "../kernel-host/kernel-host.js";
import { server_version } from "../version.js";
import { OperationExecutor } from "./compiled-operations.js";

interface Side {
  readonly schema: GraphQLSchema;
  run(
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    token: string | undefined,
  ): Promise<ExecutionResult>;
}

/** A kernel with the API's schema; with a principals file, as the daemon runs with --auth (authorizer, policy). */
async function side(
  executor: (schema: GraphQLSchema) => OperationExecutor["execute"],
  principalsFile: string | null,
): Promise<Side> {
  const auth = principalsFile === null ? null : loadAuth(principalsFile, domain, policy);
  const host = await openKernelHost({ domain, dataDir: null, folds, ...(auth !== null && { policy: auth.policy }) });
  const feed = new RewriteFeed(host.kernel);
  const derivedFields = folds.flatMap((fold) => fold.derives);
  const authorizer = auth?.authorizer ?? open_access;
  const schema = buildApiSchema({
    host,
    domain,
    feed,
    limits: default_limits,
    version: server_version,
    auth: authorizer,
    derivedFields,
  });
  const run = executor(schema);
  return {
    schema,
    run: async (document, variables, operationName, token) =>
      run({
        schema,
        document,
        variableValues: variables ?? null,
        operationName: operationName ?? null,
        contextValue: { principal: authorizer.authenticate(token === undefined ? undefined : `Bearer ${token}`) },
      }),
  };
}

/** What a client receives: the result as JSON, errors formatted by the API (codes, hidden internals). */
function wire(result: ExecutionResult, internal: string[]): string {
  const formatted =
    result.errors === undefined
      ? result
      : { ...result, errors: result.errors.map((error) => formatApiError(error, (line) => internal.push(line))) };
  return JSON.stringify(formatted);
}

let plain: Side;
let compiledSide: Side;
let executor: OperationExecutor;
const documents = new Map<string, DocumentNode>();
const internal: string[] = [];

/**
 * Runs one request on both sides as the transports do: the document parsed and validated once (admission hands out
 * the same object every time), the variables decoded from JSON, the principal from the bearer token.
 */
async function both(
  source: string,
  variables?: Record<string, unknown>,
  operationName?: string,
  token?: string,
): Promise<{ data: unknown; text: string }> {
  let document = documents.get(source);
  if (document === undefined) {
    document = parse(source);
    expect(validate(plain.schema, document, specifiedRules).map((error) => error.message)).toEqual([]);
    documents.set(source, document);
  }
  if (variables !== undefined) variables = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
  const expected = wire(await plain.run(document, variables, operationName, token), internal);
  const actual = wire(await compiledSide.run(document, variables, operationName, token), internal);
  expect(actual).toBe(expected);
  return { data: (JSON.parse(actual) as { data?: unknown }).data, text: actual };
}

async function sides(principalsFile: string | null = null): Promise<void> {
  plain = await side(() => execute, principalsFile);
  compiledSide = await side((schema) => {
    executor = new OperationExecutor(schema, 0);
    return executor.execute;
  }, principalsFile);
  documents.clear();
  internal.length = 0;
}

beforeEach(() => sides());

const apply = `mutation Apply($view: ViewInput!, $rewrite: RewriteInput!) { applyRewrite(view: $view, rewrite: $rewrite) { accepted receipt { rewriteIdx view { kind swsId name } viewDigest } createdIds } }`;
const create_task = `mutation T($v: ViewInput!, $i: CreateTaskInput!, $m: JSON) { createTask(view: $v, input: $i, meta: $m) { receipt { rewriteIdx viewDigest } record { id kind title intent priority state owner attrs } } }`;
const graph = `query G($v: ViewInput!, $n: PageInput, $e: PageInput, $f: NodeFilter) {
  graph(view: $v, nodesPage: $n, edgesPage: $e, nodeFilter: $f) {
    view { name } digest snapshotId nodeCount edgeCount
    nodes { items { __typename id kind attrs ... on Task { title state priority owner } } pageInfo { hasNextPage endCursor } }
    edges { items { __typename id kind from to attrs ... on DependsOn { fromNode { id title } toNode { id state } } } pageInfo { ...P } }
  }
}
fragment P on PageInfo { hasNextPage endCursor }`;

describe("compiled execution agrees with graphql-js", () => {
  it("over a scripted session: overlays, v0 and typed writes, reads with fragments, interfaces, lazy pages and edge endpoints", async () => {
    const sws = (
      await both(
        `mutation { createSws(meta: {who: "test"}) { sws { id state view { name } } receipt { rewriteIdx viewDigest } } }`,
      )
    ).data as { createSws: { sws: { id: string } } };
    const view = { kind: "SWS", swsId: sws.createSws.sws.id };
    const added = (
      await both(apply, {
        view,
        rewrite: { ops: [{ op: "AddNode", data: { kind: "Note", payload_b64: "aGk=" } }], meta: { why: "test" } },
      })
    ).data as { applyRewrite: { createdIds: string[] } };
    const [a] = added.applyRewrite.createdIds;
    const second = (await both(apply, { view, rewrite: { ops: [{ op: "AddNode", data: { kind: "Note" } }] } }))
      .data as { applyRewrite: { createdIds: string[] } };
    await both(apply, {
      view,
      rewrite: { ops: [{ op: "AddEdge", data: { kind: "Link", from: a, to: second.applyRewrite.createdIds[0] } }] },
    });
    const t1 = (await both(create_task, { v: view, i: { title: "Write", intent: "docs" } })).data as {
      createTask: { record: { id: string } };
    };
    const t2 = (
      await both(create_task, { v: view, i: { title: "Ship", intent: "release", priority: 90 }, m: { ticket: 7 } })
    ).data as { createTask: { record: { id: string } } };
    const dependency = `mutation D($v: ViewInput!, $i: AddDependencyInput!) { addDependency(view: $v, input: $i) { receipt { rewriteIdx } record { id from to fromNode { id title state } toNode { title } } } }`;
    const edge = (
      await both(dependency, {
        v: view,
        i: { taskId: t2.createTask.record.id, dependsOnTaskId: t1.createTask.record.id },
      })
    ).data as { addDependency: { record: { id: string } } };
    await both(
      `mutation S($v: ViewInput!, $id: ID!) { startTask(view: $v, input: {taskId: $id}) { record { id state } } }`,
      { v: view, id: t1.createTask.record.id },
    );

    await both(graph, { v: view });
    await both(graph, { v: view, n: { first: 2 }, e: { first: 1 } });
    await both(graph, { v: { kind: "SYSTEM" } });
    await both(
      `query { kernelInfo { version schemaHash registryHash policyId durable limits { pageSizeMax queryCostMax } } listSws { items { id state baseDigest createdAtIdx discardedAtIdx collapsedAtIdx } pageInfo { hasNextPage endCursor } } }`,
    );
    await both(
      `query N($v: ViewInput!, $id: ID!) { node(view: $v, id: $id) { __typename id kind attrs ... on Task { title } } }`,
      { v: view, id: t1.createTask.record.id },
    );
    await both(
      `query E($v: ViewInput!, $id: ID!) { edge(view: $v, id: $id) { __typename id from to ... on DependsOn { fromNode { title } toNode { title state } } } }`,
      { v: view, id: edge.addDependency.record.id },
    );
    await both(`query L($v: ViewInput!, $id: ID!) { task(view: $v, id: $id) { id title state owner priority } }`, {
      v: view,
      id: t2.createTask.record.id,
    });
    await both(
      `query R($v: ViewInput, $p: RewritePageInput) { rewrites(view: $v, page: $p) { items { idx type view { name } receipt { rewriteIdx viewDigest } ops meta entry } pageInfo { hasNextPage endCursor } } }`,
      { v: view, p: { first: 3, after: 0 } },
    );
    await both(`{ rewrites { items { idx type } } }`);
    await both(`query Two { kernelInfo { version } } query One { listSws { items { id } } }`, undefined, "One");
    await both(
      `mutation C($id: String!) { collapseSws(id: $id) { committed code message conflictCount baseDigest overlayDigest rewritesMerged opsMerged sws { state } receipt { rewriteIdx } } }`,
      { id: view.swsId },
    );
    await both(graph, { v: { kind: "SYSTEM" }, n: { first: 50 } });
    const other = (await both(`mutation { createSws { sws { id } } }`)).data as { createSws: { sws: { id: string } } };
    await both(
      `mutation X($id: String!) { discardSws(id: $id) { sws { id state discardedAtIdx } receipt { rewriteIdx } } }`,
      { id: other.createSws.sws.id },
    );
    expect(executor.compiledOperations).toBeGreaterThan(10);
    expect(internal).toEqual([]);
  });

  it("for errors: codes, messages, locations, paths, and null propagation", async () => {
    await both(`mutation { createSws { sws { id } } }`);
    const view = { kind: "SWS", swsId: "0" };
    // Resolver errors, as the kernel or the API raise them.
    await both(apply, {
      view: { kind: "SWS", swsId: "9" },
      rewrite: { ops: [{ op: "AddNode", data: { kind: "Note" } }] },
    });
    await both(apply, { view: { kind: "SYSTEM", swsId: "0" }, rewrite: { ops: [] } });
    await both(apply, { view: { kind: "SYSTEM" }, rewrite: { ops: [{ op: "AddNode", data: { kind: "Note" } }] } });
    await both(apply, { view, rewrite: { ops: [{ op: "AddNode", data: { kind: 7 } }] } });
    await both(apply, { view, rewrite: { ops: [{ op: "Nope" }] } });
    await both(apply, { view, rewrite: { ops: [{ op: "AddNode", data: { kind: "Note" } }], meta: [1, 2] } });
    await both(`query P($p: PageInput) { listSws(page: $p) { items { id } } }`, { p: { first: 0 } });
    await both(`query S($id: String!) { sws(id: $id) { id } }`, { id: "42" });
    await both(`query S($id: String!) { sws(id: $id) { id } }`, { id: "007" });
    await both(
      `query G($v: ViewInput!) { a: graph(view: $v) { digest } b: kernelInfo { version } c: sws(id: "5") { id } }`,
      { v: { kind: "SWS", swsId: "3" } },
    );
    await both(create_task, { v: { kind: "SYSTEM" }, i: { title: "t", intent: "i" } });
    // Variables graphql-js refuses before anything runs: graphql-js's own messages are kept.
    await both(apply, { view: { kind: "OTHER" }, rewrite: { ops: [] } });
    await both(apply, { view });
    await both(apply, { view, rewrite: { ops: "not a list" } });
    await both(apply, undefined);
    await both(create_task, { v: view, i: { title: "t", intent: "i", priority: 2 ** 40 } });
    await both(create_task, { v: view, i: { title: "t", intent: "i", extra: true } });
    expect(internal).toEqual([]);
  });

  it("leaves @oneOf variables to graphql-js (graphql-jit does not enforce @oneOf)", async () => {
    await both(`mutation { createSws { sws { id } } }`);
    const ops = `mutation O($v: ViewInput!, $ops: [OpInput!]!) { applyOps(view: $v, ops: $ops) { receipt { rewriteIdx } createdIds } }`;
    const before = executor.compiledOperations;
    await both(ops, { v: { kind: "SWS", swsId: "0" }, ops: [{ createTask: { title: "a", intent: "b" } }] });
    await both(ops, {
      v: { kind: "SWS", swsId: "0" },
      ops: [{ createTask: { title: "a", intent: "b" }, startTask: { id: "x" } }],
    });
    await both(ops, { v: { kind: "SWS", swsId: "0" }, ops: [{}] });
    expect(executor.compiledOperations).toBe(before);
  });

  it("for seeded random variables, good and bad", async () => {
    await both(`mutation { createSws { sws { id } } }`);
    const json = fc.jsonValue({ maxDepth: 3 });
    const view = fc.oneof(
      { arbitrary: fc.constant({ kind: "SWS", swsId: "0" }), weight: 3 },
      fc.record(
        {
          kind: fc.constantFrom("SYSTEM", "SWS", "OTHER"),
          swsId: fc.option(fc.constantFrom("0", "1", "007", "x"), { nil: undefined }),
        },
        { requiredKeys: ["kind"] },
      ),
      json,
    );
    const op = fc.oneof(
      fc.record(
        {
          op: fc.constantFrom("AddNode", "AddEdge", "RemoveNode", "createTask", "nope"),
          data: fc.oneof(json, fc.record({ kind: fc.constantFrom("Note", "Task") })),
          input: json,
        },
        { requiredKeys: ["op"] },
      ),
      json,
    );
    const page = fc.option(
      fc.record({
        first: fc.option(fc.oneof(fc.integer({ min: -2, max: 300 }), fc.double(), fc.string()), { nil: undefined }),
      }),
      { nil: undefined },
    );
    const request = fc.oneof(
      fc.record({
        source: fc.constant(apply),
        variables: fc.record({
          view,
          rewrite: fc.oneof(
            fc.record({ ops: fc.array(op, { maxLength: 3 }), meta: fc.option(json, { nil: undefined }) }),
            json,
          ),
        }),
      }),
      fc.record({
        source: fc.constant(create_task),
        variables: fc.record({
          v: view,
          i: fc.oneof(
            {
              arbitrary: fc.record({
                title: fc.string({ maxLength: 8 }),
                intent: fc.string({ maxLength: 8 }),
                priority: fc.option(fc.integer({ min: -5, max: 500 }), { nil: undefined }),
              }),
              weight: 3,
            },
            json,
          ),
          m: fc.option(json, { nil: undefined }),
        }),
      }),
      fc.record({
        source: fc.constant(graph),
        variables: fc.record({
          v: view,
          n: page,
          e: page,
          f: fc.option(fc.oneof(json, fc.record({ kinds: fc.array(fc.constantFrom("Task", "Note")) })), {
            nil: undefined,
          }),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ source, variables }) => {
        await both(source, variables as Record<string, unknown>);
      }),
      { seed: 5, numRuns: 150 },
    );
    expect(internal).toEqual([]);
  });
  it("with --auth: lifecycle refusals, policy denials (recorded, answered once durable), impersonation", async () => {
    const work = await mkdtemp(join(tmpdir(), "jitosd-compiled-auth-"));
    try {
      const alice = "alice-token-0123456789abcdef";
      const bob = "bob-token-0123456789abcdef";
      const principals = join(work, "principals.yaml");
      await writeFile(
        principals,
        `version: 1\nprincipals:\n  - id: alice\n    capabilities: [task:write, sws:write, sws:collapse, graph:v0]\n` +
          `    token: "${alice}"\n  - id: bob\n    capabilities: [plan:write]\n    token: "${bob}"\n`,
      );
      await sides(principals);
      const open = `mutation { createSws { sws { id } } }`;
      await both(open, undefined, undefined, alice);
      await both(open, undefined, undefined, bob);
      const view = { kind: "SWS", swsId: "0" };
      const mine = (await both(create_task, { v: view, i: { title: "mine", intent: "x" } }, undefined, alice)).text;
      expect(mine).toMatch(/"owner":"alice"/);
      const denied = (await both(create_task, { v: view, i: { title: "sneak", intent: "x" } }, undefined, bob)).text;
      expect(denied).toMatch(/"code":"FORBIDDEN"/);
      await both(
        create_task,
        { v: view, i: { title: "as bob", intent: "x" }, m: { principal: "bob" } },
        undefined,
        alice,
      );
      await both(`{ rewrites { items { idx type meta } } }`, undefined, undefined, alice);
      expect(executor.compiledOperations).toBeGreaterThanOrEqual(3);
      expect(internal).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
