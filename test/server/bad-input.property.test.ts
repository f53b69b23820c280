// Seeded random bad (and good) requests against a real jitosd: every answer is JSON, every error carries one of
// the API's codes and never INTERNAL (no input may reach a bug), and the daemon keeps serving consistent state.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data, removeDir, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

const api_codes = ["INVALID_INPUT", "NOT_FOUND", "NOT_IMPLEMENTED", "CONFLICT", "FORBIDDEN"];

let daemon: Daemon;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  daemon = await startDaemon(["--page-size-max", "50", "--query-cost-max", "2000"], dataDir);
  await data(daemon.url, "mutation { createSws { sws { id } } }");
});

afterAll(async () => {
  await daemon?.stop();
  await removeDir(dataDir);
});

const json = fc.jsonValue({ maxDepth: 3 });
const view = fc.oneof(
  { arbitrary: fc.constant({ kind: "SWS", swsId: "0" }), weight: 3 },
  fc.record({ kind: fc.constantFrom("SYSTEM", "SWS", "OTHER"), swsId: fc.option(fc.oneof(fc.constantFrom("0", "1", "007", "-1", "x", "18446744073709551616"), fc.string()), { nil: undefined }) }, { requiredKeys: ["kind"] }),
  json,
);
const page = fc.option(fc.record({ first: fc.option(fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.string()), { nil: undefined }), after: fc.option(fc.oneof(fc.string(), fc.integer(), fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })), { nil: undefined }) }), { nil: undefined });
const op = fc.oneof(
  fc.record({ op: fc.constantFrom("AddNode", "AddEdge", "RemoveNode", "RemoveEdge", "createTask", "cancelTask", "nope"), data: json, input: json }, { requiredKeys: ["op"] }),
  json,
);

const request = fc.oneof(
  fc.record({ query: fc.constant("query G($v: ViewInput!, $p: PageInput, $f: NodeFilter) { graph(view: $v, nodesPage: $p, nodeFilter: $f) { digest nodes { items { id kind attrs } pageInfo { endCursor } } } }"), variables: fc.record({ v: view, p: page, f: fc.option(json, { nil: undefined }) }) }),
  fc.record({ query: fc.constant("mutation A($v: ViewInput!, $r: RewriteInput!) { applyRewrite(view: $v, rewrite: $r) { accepted receipt { rewriteIdx viewDigest } } }"), variables: fc.record({ v: view, r: fc.oneof(fc.record({ ops: fc.array(op, { maxLength: 4 }), meta: fc.option(json, { nil: undefined }) }), json) }) }),
  fc.record({ query: fc.constant("mutation T($v: ViewInput!, $i: CreateTaskInput!, $m: JSON) { createTask(view: $v, input: $i, meta: $m) { record { id title priority state } } }"), variables: fc.record({ v: view, i: fc.oneof({ arbitrary: fc.record({ title: fc.string({ minLength: 1, maxLength: 30 }), intent: fc.string({ minLength: 1, maxLength: 30 }), priority: fc.option(fc.integer({ min: -10, max: 200 }), { nil: undefined }) }), weight: 3 }, json), m: fc.option(fc.oneof(json, fc.dictionary(fc.string(), json)), { nil: undefined }) }) }),
  fc.record({ query: fc.constant("query R($v: ViewInput, $p: RewritePageInput) { rewrites(view: $v, page: $p) { items { idx type } } }"), variables: fc.record({ v: fc.option(view, { nil: undefined }), p: fc.option(json, { nil: undefined }) }) }),
  fc.record({ query: fc.constantFrom("mutation { discardSws(id: \"5\") { sws { id } } }", "mutation { collapseSws(id: \"x\") { committed } }", "{ sws(id: \"99\") { id } }", "{ node(view: {kind: SYSTEM}, id: \"zz\") { id } }"), variables: fc.constant({}) }),
  fc.record({ query: fc.string({ maxLength: 200 }), variables: json }),
);

describe("random requests", () => {
  it("get JSON answers whose errors carry an API code, never INTERNAL; the daemon stays consistent", async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ query, variables }) => {
        const response = await fetch(daemon.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
        const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
        for (const error of body.errors ?? []) {
          expect(api_codes, `${error.message} for ${JSON.stringify({ query, variables }).slice(0, 300)}`).toContain(error.extensions?.code);
          expect(error.message.length).toBeGreaterThan(0);
        }
        expect(body.errors !== undefined || body.data !== undefined).toBe(true);
        const outcome = body.errors === undefined ? "ok" : String(body.errors[0]!.extensions?.code);
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }),
      { seed: 20261201, numRuns: 300 },
    );
    // The generator reaches both sides: accepted requests and each kind of refusal.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining(["FORBIDDEN", "INVALID_INPUT", "NOT_FOUND", "ok"]));
    // Still serving, and the overlay's digest is the one its last receipt reported.
    const { rewrites } = await data<{ rewrites: { items: { idx: number; receipt: { viewDigest: string; view: { name: string } } }[] } }>(
      daemon.url,
      `{ rewrites(view: {kind: SWS, swsId: "0"}, page: {first: 50}) { items { idx receipt { viewDigest view { name } } } } }`,
    );
    let last = rewrites.items[rewrites.items.length - 1]!;
    let after = last.idx;
    for (;;) {
      const more = await data<{ rewrites: { items: { idx: number; receipt: { viewDigest: string; view: { name: string } } }[] } }>(
        daemon.url,
        `query ($after: Int) { rewrites(view: {kind: SWS, swsId: "0"}, page: {first: 50, after: $after}) { items { idx receipt { viewDigest view { name } } } } }`,
        { after },
      );
      if (more.rewrites.items.length === 0) break;
      last = more.rewrites.items[more.rewrites.items.length - 1]!;
      after = last.idx;
    }
    expect(last.idx, "some random rewrites were accepted into sws 0").toBeGreaterThan(0);
    const { graph } = await data<{ graph: { digest: string } }>(daemon.url, `{ graph(view: {kind: SWS, swsId: "0"}) { digest } }`);
    expect(graph.digest).toBe(last.receipt.viewDigest);
  });
});
