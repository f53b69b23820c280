// The size estimate behind queryDepthMax and queryCostMax: depth counts field nesting through fragments, cost
// counts each field once and a page's items once per item asked for (literal or variable page sizes).
import { getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { operationSize } from "./operation-size.js";

function size(source: string, variables: Record<string, unknown> = {}, pageSizeMax = 1000) {
  const document = parse(source);
  return operationSize(getOperationAST(document)!, document, variables, pageSizeMax);
}

describe("operationSize", () => {
  it("counts depth through fragments and inline fragments, not __typename", () => {
    expect(size("{ kernelInfo { version } }")).toEqual({ depth: 2, cost: 2 });
    expect(size("fragment V on RewriteReceipt { view { name __typename } } { rewrites { items { receipt { ...V } } } }").depth).toBe(5);
    expect(size("{ node(view: {kind: SYSTEM}, id: \"x\") { ... on Task { title } } }").depth).toBe(2);
  });

  it("multiplies a page's items by the page size asked for", () => {
    // rewrites 1 + items 1 + 10 x (idx + type) = 22
    expect(size("{ rewrites(page: {first: 10}) { items { idx type } } }").cost).toBe(22);
    // Absent page: the default page size (100).
    expect(size("{ rewrites { items { idx } } }").cost).toBe(102);
    // graph 1 + digest 1 + nodes 1 + items 1 + 5 x 2 + edges 1 + items 1 + 100 x 1 = 116
    expect(size("{ graph(view: {kind: SYSTEM}, nodesPage: {first: 5}) { digest nodes { items { id kind } } edges { items { id } } } }").cost).toBe(116);
  });

  it("takes page sizes from variables; an unset variable counts as the largest page", () => {
    const query = "query ($p: PageInput) { listSws(page: $p) { items { id } } }";
    expect(size(query, { p: { first: 3 } }).cost).toBe(5);
    expect(size(query, {}, 50).cost).toBe(52);
    expect(size("query ($n: Int) { listSws(page: {first: $n}) { items { id } } }", { n: 7 }).cost).toBe(9);
  });

  it("does not count introspection beyond one unit", () => {
    expect(size("{ __schema { types { name fields { name type { ofType { name } } } } } }")).toEqual({ depth: 0, cost: 1 });
  });
});
