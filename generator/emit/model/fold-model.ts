/**
 * Folds as the emitters see them (docs/folds.md): each `@derived(fold:)` name joined with what it reads and what it
 * returns, derived from the IR only.
 * - A fold deriving fields of `@node` kinds is record-scoped: one state per record of those kinds, fed the events
 *   of the ops that target those kinds (create, update, delete), keyed by the record the op touches.
 * - A fold deriving fields of the Query root is view-scoped (a standalone fold): one state per view, fed every op.
 */
import type { FieldDef, InterfaceTypeDef, ObjectTypeDef, TypeRef, WesleyIR } from "../../ir/types.js";
import type { OpModel } from "./domain-model.js";
import { compareCodeUnits } from "./domain-model.js";

export interface FoldModel {
  readonly name: string;
  /** The fold name with its first letter upper-cased: the prefix of its generated type names. */
  readonly typePrefix: string;
  readonly scope: "record" | "view";
  /** Node kinds holding a state (record scope), sorted. */
  readonly kinds: readonly string[];
  /** Op names whose events the reducer receives, sorted. */
  readonly reads: readonly string[];
  /** `Type.field` coordinates, sorted (as in the IR). */
  readonly derives: readonly string[];
  /** The types of the derived fields, one per distinct type, in coordinate order. */
  readonly resultTypes: readonly TypeRef[];
  /** Each derived field with its type, in coordinate order. */
  readonly fields: readonly { readonly coordinate: string; readonly type: TypeRef }[];
}

export function foldTypePrefix(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function buildFoldModels(ir: WesleyIR, ops: readonly OpModel[]): FoldModel[] {
  const objects = new Map(
    ir.types
      .filter((type): type is ObjectTypeDef | InterfaceTypeDef => type.kind === "object" || type.kind === "interface")
      .map((type) => [type.name, type] as const),
  );
  return ir.folds.map((fold) => {
    const fields = fold.derives.map((coordinate) => fieldAt(objects, coordinate));
    const owners = fold.derives.map((coordinate) => coordinate.slice(0, coordinate.indexOf(".")));
    const scope = owners.some((owner) => owner === ir.roots.query) ? "view" : "record";
    const kinds = [...new Set(owners.filter((owner) => isNode(objects.get(owner))))].sort(compareCodeUnits);
    const reads = ops
      .filter((op) => scope === "view" || kinds.includes(op.directive.target))
      .map((op) => op.name)
      .sort(compareCodeUnits);
    const seen = new Set<string>();
    const resultTypes = fields
      .map((field) => field.type)
      .filter((type) => {
        const key = JSON.stringify(type);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    return {
      name: fold.name,
      typePrefix: foldTypePrefix(fold.name),
      scope,
      kinds: scope === "view" ? [] : kinds,
      reads,
      derives: fold.derives,
      resultTypes,
      fields: fold.derives.map((coordinate, index) => ({ coordinate, type: fields[index]!.type })),
    };
  });
}

function isNode(type: ObjectTypeDef | InterfaceTypeDef | undefined): boolean {
  return type !== undefined && type.kind === "object" && type.node === true;
}

function fieldAt(objects: ReadonlyMap<string, ObjectTypeDef | InterfaceTypeDef>, coordinate: string): FieldDef {
  const dot = coordinate.indexOf(".");
  const field = objects.get(coordinate.slice(0, dot))?.fields.find((f) => f.name === coordinate.slice(dot + 1));
  if (field === undefined)
    throw new Error(`fold coordinate ${coordinate} is not a field in the IR; the IR is inconsistent`);
  return field;
}
