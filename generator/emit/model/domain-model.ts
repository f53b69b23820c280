/**
 * The graph domain as the emitters see it: node kinds, edge kinds and ops joined with their registry ids and the
 * facts the kernel needs (stored attribute fields, required capabilities). Derived from the IR only, sorted by name.
 */
import type { FieldDef, ObjectTypeDef, OpDirective, RegistryEntry, TypeDef, WesleyIR } from "../../ir/types.js";

export interface KindModel {
  readonly name: string;
  readonly id: number;
  readonly type: ObjectTypeDef;
  /** Stored fields: every field except `id` and `@derived` ones, sorted by name. */
  readonly attributeFields: readonly FieldDef[];
}

export interface EdgeKindModel extends KindModel {
  readonly from: string;
  readonly to: string;
}

export interface OpModel {
  readonly name: string;
  readonly id: number;
  readonly directive: OpDirective;
  readonly targetIsEdge: boolean;
  /** The op field's own `@requires` caps plus its target type's, sorted and de-duplicated. */
  readonly requiresCaps: readonly string[];
  readonly inputType: TypeDef;
}

export interface DomainModel {
  readonly nodes: readonly KindModel[];
  readonly edges: readonly EdgeKindModel[];
  readonly ops: readonly OpModel[];
}

export function buildDomainModel(ir: WesleyIR): DomainModel {
  const types = new Map(ir.types.map((type) => [type.name, type] as const));
  const objectTypes = ir.types.filter((type): type is ObjectTypeDef => type.kind === "object");
  const nodes = objectTypes
    .filter((type) => type.node === true)
    .map((type) => kindModel(type, registryId(ir.registry.nodes, "nodes", type.name)));
  const edges = objectTypes.flatMap((type): EdgeKindModel[] =>
    type.edge === undefined
      ? []
      : [
          {
            ...kindModel(type, registryId(ir.registry.edges, "edges", type.name)),
            from: type.edge.from,
            to: type.edge.to,
          },
        ],
  );
  return { nodes, edges, ops: opModels(ir, types) };
}

function kindModel(type: ObjectTypeDef, id: number): KindModel {
  return { name: type.name, id, type, attributeFields: storedFields(type) };
}

/** Fields a record of this kind stores: not its `id` (the graph's key) and not `@derived` (computed from history). */
export function storedFields(type: ObjectTypeDef): FieldDef[] {
  return type.fields.filter((field) => field.name !== "id" && field.derivedFrom === undefined);
}

function opModels(ir: WesleyIR, types: ReadonlyMap<string, TypeDef>): OpModel[] {
  const mutation = ir.roots.mutation === undefined ? undefined : types.get(ir.roots.mutation);
  if (mutation === undefined || mutation.kind !== "object") return [];
  const ops: OpModel[] = [];
  for (const field of mutation.fields) {
    const directive = field.op;
    if (directive === undefined) continue;
    const target = types.get(directive.target);
    const inputType = types.get(directive.input);
    if (target === undefined || target.kind !== "object" || inputType === undefined) {
      throw new Error(
        `op ${field.name}: target type "${directive.target}" or input type "${directive.input}" is not in the IR; ` +
          "the IR is inconsistent (build it with loadProject, which validates it)",
      );
    }
    const caps = new Set([...(field.requiresCaps ?? []), ...(target.requiresCaps ?? [])]);
    ops.push({
      name: field.name,
      id: registryId(ir.registry.ops, "ops", field.name),
      directive,
      targetIsEdge: target.edge !== undefined,
      requiresCaps: [...caps].sort(compareCodeUnits),
      inputType,
    });
  }
  return ops.sort((a, b) => compareCodeUnits(a.name, b.name));
}

function registryId(entries: readonly RegistryEntry[], namespace: string, name: string): number {
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    throw new Error(
      `${name} has no id under "${namespace}:" in the kind registry; the IR is inconsistent (build it with ` +
        "loadProject, which reports this as a located error)",
    );
  }
  return entry.id;
}

/** Sorts by UTF-16 code units, the order the IR uses, independent of locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
