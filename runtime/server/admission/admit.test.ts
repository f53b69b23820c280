// The admission gate keeps what it learned about a document (validation, the operation, a size no variable can
// change) between requests, and still enforces every limit on every request: a size that depends on variables is
// measured again each time, and an operation over a limit stays refused however often it is sent.
import { getOperationAST, parse } from "graphql";
import type { GraphQLError } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { folds } from "../../../generated/bindings.js";
import { domain } from "../../../generated/domain.js";
import { open_access } from "../auth/authorizer.js";
import { default_limits } from "../config/limits.js";
import type { ServerLimits } from "../config/limits.js";
import { RewriteFeed } from "../events/rewrite-feed.js";
import { buildApiSchema } from "../graph-api/schema.js";
import { openKernelHost } from "../kernel-host/kernel-host.js";
import { server_version } from "../version.js";
import { ValidatedDocuments, admit } from "./admit.js";
import type { Gate } from "./admit.js";
import { measuredOperation } from "./operation-size.js";

let gate: Gate;

beforeAll(async () => {
  const host = await openKernelHost({ domain, dataDir: null, folds });
  const limits: ServerLimits = { ...default_limits, queryCostMax: 50, queryDepthMax: 4 };
  const schema = buildApiSchema({
    host,
    domain,
    feed: new RewriteFeed(host.kernel),
    limits,
    version: server_version,
    auth: open_access,
    derivedFields: folds.flatMap((fold) => fold.derives),
  });
  gate = { schema, limits, persisted: null, documents: new ValidatedDocuments() };
});

function outcome(
  query: string,
  variables: Record<string, unknown> | null = null,
  operationName: string | null = null,
): string {
  const admitted = admit(gate, { query, variables, operationName, extensions: null });
  if (Array.isArray(admitted))
    return `refused: ${(admitted as readonly GraphQLError[]).map((error) => error.message).join("; ")}`;
  return `admitted ${(admitted as { kind: string }).kind}`;
}

describe("admit, sending the same document again", () => {
  it("measures a page size taken from variables on every request", () => {
    const query = "query ($p: PageInput) { listSws(page: $p) { items { id } } }";
    expect(outcome(query, { p: { first: 3 } })).toBe("admitted query");
    expect(outcome(query, { p: { first: 100 } })).toMatch(
      /^refused: the operation's estimated cost is 102, more than queryCostMax \(50\)/,
    );
    expect(outcome(query, { p: { first: 3 } })).toBe("admitted query");
    expect(outcome(query, {})).toMatch(/^refused: .*estimated cost/);
  });

  it("keeps refusing an operation whose size no variable changes", () => {
    const costly = "{ rewrites(page: {first: 60}) { items { idx } } }";
    const deep = "{ rewrites { items { receipt { view { name } } } } }";
    for (let round = 0; round < 3; round++) {
      expect(outcome(costly)).toMatch(/^refused: the operation's estimated cost is 62/);
      expect(outcome(deep)).toMatch(/^refused: the operation nests fields 5 deep, more than queryDepthMax \(4\)/);
    }
  });

  it("picks the operation by name each time, refusing names the document does not define", () => {
    const two = "query A { kernelInfo { version } } mutation B { createSws { sws { id } } }";
    for (let round = 0; round < 2; round++) {
      expect(outcome(two, null, "A")).toBe("admitted query");
      expect(outcome(two, null, "B")).toBe("admitted mutation");
      expect(outcome(two, null, "C")).toBe('refused: no operation named "C" in the document');
      expect(outcome(two, null, "")).toBe(
        "refused: the document has several operations; name the one to run in operationName",
      );
      expect(outcome(two)).toBe("refused: the document has several operations; name the one to run in operationName");
    }
  });

  it("reports which sizes depend on variables", () => {
    const ops = (query: string) => {
      const document = parse(query);
      return measuredOperation(getOperationAST(document)!, document, {}, 100).dependsOnVariables;
    };
    expect(ops("query ($p: PageInput) { listSws(page: $p) { items { id } } }")).toBe(true);
    expect(ops("query ($n: Int) { listSws(page: {first: $n}) { items { id } } }")).toBe(true);
    expect(
      ops(
        "mutation ($v: ViewInput!, $r: RewriteInput!) { applyRewrite(view: $v, rewrite: $r) { receipt { rewriteIdx } } }",
      ),
    ).toBe(false);
    expect(ops("{ listSws(page: {first: 5}) { items { id } } }")).toBe(false);
  });
});
