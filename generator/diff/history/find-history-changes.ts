import type { EnumTypeDef, FieldDef, TypeDef, WesleyIR } from "../../ir/types.js";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { fieldCoordinate } from "../change/coordinates.js";
import { compareConstraints } from "../validators/compare-constraints.js";
import { acceptsAllValuesOf, findStoredShapes, namedTypeOf, printTypeRef } from "./stored-shapes.js";
import type { StoredShape } from "./stored-shapes.js";

/**
 * Changes that would make records already in a write-ahead log fail validation or decode differently. How a
 * schema declares the way old records are read (ADR 0072): a default value. An attribute added to a node or edge
 * kind is readable from old history when every op that creates the kind has an input field of the same name with
 * a default (replaying an old op record fills it in); an op input field added with a default is readable too.
 * Removing a field that was @deprecated declares "old values are dropped on read" and is only dangerous.
 */
export function findHistoryChanges(oldIr: WesleyIR, newIr: WesleyIR): SchemaChange[] {
  const oldShapes = findStoredShapes(oldIr);
  const newShapes = findStoredShapes(newIr);
  const changes: SchemaChange[] = [];
  for (const [name, oldShape] of sortedEntries(oldShapes)) {
    const newShape = newShapes.get(name);
    if (newShape !== undefined) changes.push(...findShapeChanges(oldShape, newShape, newIr));
  }
  changes.push(...findStoredEnumValueRemovals(oldIr, newIr, oldShapes));
  return changes;
}

function findShapeChanges(oldShape: StoredShape, newShape: StoredShape, newIr: WesleyIR): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const what = oldShape.role === "record" ? "stored records of" : "logged op inputs of type";
  const fields = diffByName(oldShape.fields, newShape.fields);
  for (const added of fields.added) {
    const at = fieldCoordinate(newShape.typeName, added.name);
    if (added.type.kind === "nonNull" && !hasReadDefault(newShape, added, newIr)) {
      changes.push(
        change(
          "HISTORY_REQUIRED_FIELD_ADDED",
          at,
          `${at} (${printTypeRef(added.type)}) is required but ${what} ${newShape.typeName} already in a log lack it. ` +
            readDefaultAdvice(newShape, added.name),
        ),
      );
    }
  }
  for (const removed of fields.removed) {
    const at = fieldCoordinate(oldShape.typeName, removed.name);
    changes.push(
      removed.deprecationReason !== undefined
        ? change(
            "HISTORY_DEPRECATED_FIELD_REMOVED",
            at,
            `${at} was deprecated and is removed: values in ${what} ${oldShape.typeName} are dropped when old history is read.`,
            "old",
          )
        : change(
            "HISTORY_FIELD_REMOVED",
            at,
            `${at} was removed but ${what} ${oldShape.typeName} still carry it, and validators reject unknown fields. Deprecate it first (values are then dropped on read), or approve.`,
            "old",
          ),
    );
  }
  for (const [oldField, newField] of fields.persisted) {
    const at = fieldCoordinate(newShape.typeName, newField.name);
    if (!acceptsAllValuesOf(oldField.type, newField.type)) {
      changes.push(
        change(
          "HISTORY_FIELD_TYPE_CHANGED",
          at,
          `${at} changed from ${printTypeRef(oldField.type)} to ${printTypeRef(newField.type)}; values in ${what} ${newShape.typeName} would fail validation or decode differently. Add a new field instead.`,
        ),
      );
    }
    const { tightened } = compareConstraints(oldField.constraint, newField.constraint);
    if (tightened.length > 0) {
      changes.push(
        change(
          "HISTORY_CONSTRAINT_TIGHTENED",
          at,
          `@constraint on ${at} is stricter (${tightened.join(", ")}); values in ${what} ${newShape.typeName} may fail validation on replay.`,
        ),
      );
    }
  }
  return changes;
}

/** A record attribute is readable from old history when every op creating the kind defaults it. */
function hasReadDefault(shape: StoredShape, field: FieldDef, newIr: WesleyIR): boolean {
  if (shape.role === "op-input") return field.defaultValue !== undefined;
  const creatingOps = opsCreating(shape.typeName, newIr);
  return (
    creatingOps.length > 0 &&
    creatingOps.every((inputName) => {
      const input = newIr.types.find((type) => type.name === inputName);
      return input?.kind === "input" && input.fields.some((f) => f.name === field.name && f.defaultValue !== undefined);
    })
  );
}

function readDefaultAdvice(shape: StoredShape, fieldName: string): string {
  return shape.role === "op-input"
    ? `Give it a default value (\`${fieldName}: T = ...\`) or make it nullable.`
    : `Give every op that creates ${shape.typeName} an input field \`${fieldName}\` with a default value, or make it nullable.`;
}

function opsCreating(kind: string, ir: WesleyIR): string[] {
  const mutation = ir.types.find((type) => type.kind === "object" && type.name === ir.roots.mutation);
  if (mutation?.kind !== "object") return [];
  return mutation.fields.flatMap((field) =>
    field.op?.effect === "creates" && field.op.target === kind ? [field.op.input] : [],
  );
}

/** An enum value a stored field may hold cannot disappear: old records holding it would no longer decode. */
function findStoredEnumValueRemovals(
  oldIr: WesleyIR,
  newIr: WesleyIR,
  oldShapes: ReadonlyMap<string, StoredShape>,
): SchemaChange[] {
  const storedIn = new Map<string, string[]>();
  for (const [, shape] of sortedEntries(oldShapes)) {
    for (const field of shape.fields) {
      const enumName = namedTypeOf(field.type);
      storedIn.set(enumName, [...(storedIn.get(enumName) ?? []), fieldCoordinate(shape.typeName, field.name)]);
    }
  }
  const changes: SchemaChange[] = [];
  for (const [oldType, newType] of diffByName(oldIr.types, newIr.types).persisted) {
    const holders = storedIn.get(oldType.name);
    if (!isEnum(oldType) || !isEnum(newType) || holders === undefined) continue;
    for (const removed of diffByName(oldType.values, newType.values).removed) {
      const at = fieldCoordinate(oldType.name, removed.name);
      changes.push(
        change(
          "HISTORY_ENUM_VALUE_REMOVED",
          at,
          `${at} was removed but logged values of ${holders.join(", ")} may hold it and would no longer decode. Keep the value (deprecated) instead.`,
          "old",
        ),
      );
    }
  }
  return changes;
}

function isEnum(type: TypeDef): type is EnumTypeDef {
  return type.kind === "enum";
}

function sortedEntries<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
