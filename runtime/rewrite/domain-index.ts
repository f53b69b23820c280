// Lookup tables over a DomainSpec, built once per kernel, after checking that the spec hangs together (an op
// naming a kind the spec lacks would otherwise fail only when someone first uses it).
import type { DomainSpec, EdgeKindSpec, NodeKindSpec, OpSpec } from "../domain/spec.js";
import { KernelError } from "../errors/index.js";
import { isV0OpName } from "./op.js";

export interface DomainIndex {
  readonly spec: DomainSpec;
  readonly ops: ReadonlyMap<string, OpSpec>;
  readonly nodeKinds: ReadonlyMap<string, NodeKindSpec>;
  readonly edgeKinds: ReadonlyMap<string, EdgeKindSpec>;
  /** Sorted op names, for messages. */
  readonly opNames: readonly string[];
}

export function indexDomain(spec: DomainSpec): DomainIndex {
  const problems: string[] = [];
  const ops = new Map(spec.ops.map((op) => [op.name, op]));
  const nodeKinds = new Map(spec.nodes.map((kind) => [kind.name, kind]));
  const edgeKinds = new Map(spec.edges.map((kind) => [kind.name, kind]));
  for (const kind of spec.edges) {
    if (!nodeKinds.has(kind.from)) problems.push(`edge kind ${kind.name}: from kind ${kind.from} is not a node kind`);
    if (!nodeKinds.has(kind.to)) problems.push(`edge kind ${kind.name}: to kind ${kind.to} is not a node kind`);
  }
  for (const op of spec.ops) {
    if (isV0OpName(op.name)) problems.push(`op ${op.name}: the name is taken by a v0 op`);
    const kinds: ReadonlyMap<string, unknown> = op.targetIsEdge ? edgeKinds : nodeKinds;
    if (!kinds.has(op.target)) {
      problems.push(`op ${op.name}: target ${op.target} is not ${op.targetIsEdge ? "an edge" : "a node"} kind`);
    }
    if (op.effect !== "creates" && op.idField === undefined) problems.push(`op ${op.name}: ${op.effect} needs idField`);
    if (op.effect === "creates" && op.targetIsEdge && (op.fromField === undefined || op.toField === undefined)) {
      problems.push(`op ${op.name}: creating an edge needs fromField and toField`);
    }
  }
  if (ops.size !== spec.ops.length || nodeKinds.size !== spec.nodes.length || edgeKinds.size !== spec.edges.length) {
    problems.push("names of ops, node kinds or edge kinds are not unique");
  }
  if (problems.length > 0) {
    throw new KernelError(
      "INVALID_INPUT",
      `the domain spec (registry ${spec.registryName}) is inconsistent; regenerate it: ${problems.join("; ")}`,
    );
  }
  return { spec, ops, nodeKinds, edgeKinds, opNames: [...ops.keys()].sort() };
}
