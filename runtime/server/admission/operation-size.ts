// How big an operation is, before it runs: its depth (field nesting) and its estimated cost (each field 1; the
// items of a page count once per item asked for). Fragments are expanded; introspection is not counted (its size
// is bounded by the schema). Runs after graphql-js validation, so fragments are known and acyclic.
import { Kind } from "graphql";
import type { DocumentNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValueNode } from "graphql";
import { page_size_default } from "../../kernel/limits.js";

export interface OperationSize {
  readonly depth: number;
  readonly cost: number;
}

interface Walk {
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: { readonly [name: string]: unknown };
  /** Set when a page size came from (or fell back for) a variable: the size then differs between requests. */
  variablesRead: boolean;
  /** Page size assumed when `first` comes from a variable the request does not set. */
  readonly pageSizeMax: number;
}

export function operationSize(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: { readonly [name: string]: unknown } | null | undefined,
  pageSizeMax: number,
): OperationSize {
  return measuredOperation(operation, document, variables, pageSizeMax).size;
}

/** The size, and whether it depends on the request's variables (if not, it holds for every request). */
export function measuredOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: { readonly [name: string]: unknown } | null | undefined,
  pageSizeMax: number,
): { readonly size: OperationSize; readonly dependsOnVariables: boolean } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { fragments, variables: variables ?? {}, pageSizeMax, variablesRead: false };
  const size = measure(operation.selectionSet, walk, 1, new Map());
  return { size, dependsOnVariables: walk.variablesRead };
}

/**
 * `sizes` maps a child field name to the page size that applies to it: for `items`, how many there will be; for a
 * Graph's `nodes`/`edges`, the size of their items (from graph's nodesPage/edgesPage).
 */
function measure(selectionSet: SelectionSetNode, walk: Walk, multiplier: number, sizes: ReadonlyMap<string, number>): OperationSize {
  const fallback = Math.min(page_size_default, walk.pageSizeMax);
  let depth = 0;
  let cost = 0;
  for (const field of fieldsOf(selectionSet, walk)) {
    const name = field.name.value;
    if (name === "__typename") continue;
    if (name === "__schema" || name === "__type") {
      cost += 1;
      continue;
    }
    cost += multiplier;
    if (field.selectionSet === undefined) {
      depth = Math.max(depth, 1);
      continue;
    }
    const own = sizes.get(name);
    const childMultiplier = name === "items" ? multiplier * (own ?? fallback) : multiplier;
    const childSizes = new Map<string, number>();
    const argument = (argName: string): ValueNode | undefined => field.arguments?.find((a) => a.name.value === argName)?.value;
    const page = argument("page");
    if (page !== undefined || name === "listSws" || name === "rewrites") childSizes.set("items", page === undefined ? fallback : firstOf(page, walk));
    const nodesPage = argument("nodesPage");
    const edgesPage = argument("edgesPage");
    if (name === "graph" || nodesPage !== undefined || edgesPage !== undefined) {
      childSizes.set("nodes", nodesPage === undefined ? fallback : firstOf(nodesPage, walk));
      childSizes.set("edges", edgesPage === undefined ? fallback : firstOf(edgesPage, walk));
    }
    if ((name === "nodes" || name === "edges") && own !== undefined) childSizes.set("items", own);
    const inner = measure(field.selectionSet, walk, childMultiplier, childSizes);
    depth = Math.max(depth, inner.depth + 1);
    cost += inner.cost;
  }
  return { depth, cost };
}

function firstOf(value: ValueNode, walk: Walk): number {
  const fallback = Math.min(page_size_default, walk.pageSizeMax);
  const resolve = (node: ValueNode): unknown => {
    if (node.kind !== Kind.VARIABLE) return node;
    walk.variablesRead = true;
    return walk.variables[node.name.value] ?? undefined;
  };
  const page = resolve(value);
  if (page === undefined) return walk.pageSizeMax;
  if (page === null) return fallback;
  if (typeof page === "object" && "kind" in (page as object)) {
    const node = page as ValueNode;
    if (node.kind !== Kind.OBJECT) return fallback;
    const first = node.fields.find((f) => f.name.value === "first");
    if (first === undefined) return fallback;
    if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
    if (first.value.kind === Kind.VARIABLE) {
      walk.variablesRead = true;
      const set = walk.variables[first.value.name.value];
      return typeof set === "number" ? Math.max(1, set) : set === undefined || set === null ? fallback : walk.pageSizeMax;
    }
    return fallback;
  }
  const first = (page as { readonly first?: unknown }).first;
  return typeof first === "number" ? Math.max(1, first) : fallback;
}

/** The fields of a selection set with fragment spreads and inline fragments flattened in. */
function fieldsOf(selectionSet: SelectionSetNode, walk: Walk, seen: Set<string> = new Set()): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(selection.selectionSet, walk, seen));
    else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (fragment === undefined || seen.has(name)) continue;
      out.push(...fieldsOf(fragment.selectionSet, walk, new Set([...seen, name])));
    }
  }
  return out;
}
