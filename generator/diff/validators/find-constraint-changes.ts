import type { ArgDef, FieldDef, TypeDef, WesleyIR } from "../../ir/types.js";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { argCoordinate, fieldCoordinate } from "../change/coordinates.js";
import { compareConstraints } from "./compare-constraints.js";

/**
 * @constraint on what clients send (input fields and arguments): a tighter rule rejects requests that passed
 * yesterday (breaking); a looser one lets through values downstream code may not expect (dangerous).
 */
export function findConstraintChanges(oldIr: WesleyIR, newIr: WesleyIR): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const [oldType, newType] of diffByName(oldIr.types, newIr.types).persisted) {
    if (oldType.kind === "input" && newType.kind === "input") {
      for (const [oldField, newField] of diffByName(oldType.fields, newType.fields).persisted) {
        changes.push(...constraintChange(fieldCoordinate(newType.name, newField.name), oldField, newField));
      }
    } else if (hasArgs(oldType) && hasArgs(newType)) {
      for (const [oldField, newField] of diffByName(oldType.fields, newType.fields).persisted) {
        for (const [oldArg, newArg] of diffByName(oldField.args, newField.args).persisted) {
          changes.push(...constraintChange(argCoordinate(newType.name, newField.name, newArg.name), oldArg, newArg));
        }
      }
    }
  }
  return changes;
}

function hasArgs(type: TypeDef): type is Extract<TypeDef, { kind: "object" | "interface" }> {
  return type.kind === "object" || type.kind === "interface";
}

function constraintChange(coordinate: string, before: FieldDef | ArgDef, after: FieldDef | ArgDef): SchemaChange[] {
  const { tightened, loosened } = compareConstraints(before.constraint, after.constraint);
  if (tightened.length > 0) {
    return [
      change(
        "CONSTRAINT_TIGHTENED",
        coordinate,
        `@constraint on ${coordinate} is stricter (${[...tightened, ...loosened].join(", ")}); requests that passed before may now be rejected.`,
      ),
    ];
  }
  if (loosened.length > 0) {
    return [
      change(
        "CONSTRAINT_LOOSENED",
        coordinate,
        `@constraint on ${coordinate} is looser (${loosened.join(", ")}); code relying on the old limits may see new values.`,
      ),
    ];
  }
  return [];
}
