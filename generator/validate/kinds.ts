import type { Diagnostic } from "../diagnostics/index.js";
import { didYouMean, error } from "../diagnostics/index.js";
import type { SourceLocation } from "../ir/types.js";
import type { ModelType, SchemaModel } from "../load/model.js";
import { findDirective, stringArgument } from "./ast.js";
import type { LocatedValue } from "./ast.js";

export function isNodeKind(type: ModelType | undefined): boolean {
  return type?.kind === "object" && findDirective(type.directives, "node") !== undefined;
}

export function isEdgeKind(type: ModelType | undefined): boolean {
  return type?.kind === "object" && findDirective(type.directives, "edge") !== undefined;
}

/** @node and @edge types: a type is one or the other, and edges join node kinds. */
export function checkKinds(model: SchemaModel): { diagnostics: Diagnostic[]; nodes: Map<string, SourceLocation>; edges: Map<string, SourceLocation> } {
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map<string, SourceLocation>();
  const edges = new Map<string, SourceLocation>();
  const nodeNames = (): string[] => [...model.types.values()].filter(isNodeKind).map((t) => t.name);

  for (const type of model.types.values()) {
    const node = findDirective(type.directives, "node");
    const edge = findDirective(type.directives, "edge");
    if (type.location === undefined || (node === undefined && edge === undefined)) continue;
    if (node !== undefined && edge !== undefined) {
      diagnostics.push(
        error("WESLEY_NODE_AND_EDGE", `Type "${type.name}" is marked both @node and @edge.`, type.location, "A kind is either a node or an edge between nodes; remove one of the two directives."),
      );
      continue;
    }
    if (node !== undefined) {
      nodes.set(type.name, type.location);
      continue;
    }
    if (edge === undefined) continue;
    edges.set(type.name, type.location);
    for (const end of ["from", "to"] as const) {
      const arg = stringArgument(edge, end);
      if (arg !== undefined) diagnostics.push(...checkEndpoint(model, type.name, end, arg, nodeNames));
    }
  }
  return { diagnostics, nodes, edges };
}

function checkEndpoint(model: SchemaModel, edge: string, end: "from" | "to", arg: LocatedValue<string>, nodeNames: () => string[]): Diagnostic[] {
  const target = model.types.get(arg.value);
  if (isNodeKind(target)) return [];
  if (target === undefined) {
    const suggestion = didYouMean(arg.value, nodeNames());
    return [
      error("WESLEY_EDGE_ENDPOINT", `@edge(${end}: "${arg.value}") on "${edge}" names no type.`, arg.location, `${suggestion ? suggestion + " " : ""}Edges join node kinds: name a type marked @node.`),
    ];
  }
  return [
    error(
      "WESLEY_EDGE_ENDPOINT",
      `@edge(${end}: "${arg.value}") on "${edge}" names ${target.builtin ? "a built-in scalar" : target.kind === "object" ? "an object type" : `a ${target.kind} type`}, not a @node kind.`,
      arg.location,
      target.kind === "object" ? `Add @node to type ${arg.value} (and an id under nodes: in kinds.yaml), or point the edge at a node kind.` : "Edges join node kinds: name a type marked @node.",
    ),
  ];
}
