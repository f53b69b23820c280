// Typed filters over a view's records (NodeFilter / EdgeFilter in the API). A filter is compiled once per request
// into a predicate; graph pages then scan records in id order, at most filter_scan_records_max of them per page.
import { invalidInput } from "../../errors/index.js";
import type { DomainSpec } from "../../domain/spec.js";
import type { EdgeRecord, NodeRecord } from "../../graph/record.js";
import { lowerFirst } from "../api-schema/index.js";
import { filter_values_max } from "../config/limits.js";

type Test = (value: unknown) => boolean;
type Predicate = { readonly [operator: string]: unknown };

export interface RecordFilter<R> {
  readonly test: (record: R) => boolean;
  /** The only ids that can match (from `ids`), sorted; null when any id can. */
  readonly ids: readonly string[] | null;
}

const comparisons: { readonly [operator: string]: (actual: number, bound: number) => boolean } = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

function listOf(value: unknown, path: string): readonly unknown[] {
  const list = value as readonly unknown[];
  if (list.length > filter_values_max) {
    throw invalidInput(path, `${list.length} values, over filter_values_max (${filter_values_max}); split the request`);
  }
  return list;
}

/** One attribute predicate ({eq, in, prefix, gt, ..., contains}) as a test of the attribute's value. */
function compilePredicate(predicate: Predicate, path: string): Test {
  const tests: Test[] = [];
  for (const [operator, operand] of Object.entries(predicate)) {
    if (operand === undefined || operand === null) continue;
    switch (operator) {
      case "eq":
        tests.push((value) => value === operand);
        break;
      case "in": {
        const allowed = new Set(listOf(operand, `${path}.in`));
        tests.push((value) => allowed.has(value));
        break;
      }
      case "prefix":
        tests.push((value) => typeof value === "string" && value.startsWith(operand as string));
        break;
      case "contains":
        tests.push((value) => Array.isArray(value) && value.includes(operand));
        break;
      default: {
        const compare = comparisons[operator];
        if (compare === undefined) throw invalidInput(`${path}.${operator}`, "is not a known predicate operator");
        tests.push((value) => typeof value === "number" && compare(value, operand as number));
      }
    }
  }
  return (value) => tests.every((test) => test(value));
}

/** `{title: {prefix: "Fix"}, priority: {gte: 50}}` as a test of a record's attributes. */
function compileAttributeFilter(filter: { readonly [field: string]: unknown }, path: string): (attrs: NodeRecord["attrs"]) => boolean {
  const tests = Object.entries(filter)
    .filter(([, predicate]) => predicate !== undefined && predicate !== null)
    .map(([field, predicate]) => {
      const test = compilePredicate(predicate as Predicate, `${path}.${field}`);
      return (attrs: NodeRecord["attrs"]) => test(attrs[field]);
    });
  return (attrs) => tests.every((test) => test(attrs));
}

interface CommonFilter {
  readonly kinds?: readonly string[] | null;
  readonly v0Kinds?: readonly string[] | null;
  readonly ids?: readonly string[] | null;
  readonly [field: string]: unknown;
}

function compileCommon<R extends { readonly id: string; readonly kind: string; readonly attrs: NodeRecord["attrs"] }>(
  filter: CommonFilter | null | undefined,
  kindNames: readonly string[],
  path: string,
): RecordFilter<R> & { readonly extra: CommonFilter } {
  if (filter === null || filter === undefined) return { test: () => true, ids: null, extra: {} };
  const tests: ((record: R) => boolean)[] = [];
  const kinds = [...listOf(filter.kinds ?? [], `${path}.kinds`), ...listOf(filter.v0Kinds ?? [], `${path}.v0Kinds`)];
  if (filter.kinds != null || filter.v0Kinds != null) {
    const allowed = new Set(kinds);
    tests.push((record) => allowed.has(record.kind));
  }
  let ids: string[] | null = null;
  if (filter.ids != null) {
    ids = [...new Set(listOf(filter.ids, `${path}.ids`) as string[])].sort();
    const allowed = new Set(ids);
    tests.push((record) => allowed.has(record.id));
  }
  const perKind = new Map<string, (attrs: NodeRecord["attrs"]) => boolean>();
  for (const kind of kindNames) {
    const field = lowerFirst(kind);
    const value = filter[field];
    if (value !== undefined && value !== null) {
      perKind.set(kind, compileAttributeFilter(value as { readonly [field: string]: unknown }, `${path}.${field}`));
    }
  }
  if (perKind.size > 0) {
    tests.push((record) => perKind.get(record.kind)?.(record.attrs) ?? false);
  }
  return { test: (record) => tests.every((test) => test(record)), ids, extra: filter };
}

export function compileNodeFilter(domain: DomainSpec, filter: CommonFilter | null | undefined): RecordFilter<NodeRecord> {
  return compileCommon<NodeRecord>(filter, domain.nodes.map((kind) => kind.name), "nodeFilter");
}

export function compileEdgeFilter(domain: DomainSpec, filter: CommonFilter | null | undefined): RecordFilter<EdgeRecord> {
  const common = compileCommon<EdgeRecord>(filter, domain.edges.map((kind) => kind.name), "edgeFilter");
  const from = common.extra["from"] as string | null | undefined;
  const to = common.extra["to"] as string | null | undefined;
  if (from == null && to == null) return common;
  return {
    ids: common.ids,
    test: (edge) => (from == null || edge.from === from) && (to == null || edge.to === to) && common.test(edge),
  };
}
