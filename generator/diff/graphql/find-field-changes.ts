import type { GraphQLInterfaceType, GraphQLObjectType } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { fieldCoordinate } from "../change/coordinates.js";
import { isSafeOutputTypeChange, sameTypeReference } from "./type-compatibility.js";
import { findArgChanges } from "./find-arg-changes.js";

/** Fields of an object or interface type, and their arguments. */
export function findFieldChanges(
  oldType: GraphQLObjectType | GraphQLInterfaceType,
  newType: GraphQLObjectType | GraphQLInterfaceType,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const fields = diffByName(Object.values(oldType.getFields()), Object.values(newType.getFields()));

  for (const removed of fields.removed) {
    const at = fieldCoordinate(oldType.name, removed.name);
    changes.push(change("FIELD_REMOVED", at, `Field ${at} was removed.`, "old"));
  }
  for (const added of fields.added) {
    const at = fieldCoordinate(newType.name, added.name);
    changes.push(change("FIELD_ADDED", at, `Field ${at} of type ${String(added.type)} was added.`));
  }
  for (const [oldField, newField] of fields.persisted) {
    const at = fieldCoordinate(newType.name, newField.name);
    changes.push(...findArgChanges(newType.name, oldField, newField));
    if (!isSafeOutputTypeChange(oldField.type, newField.type)) {
      changes.push(
        change(
          "FIELD_CHANGED_KIND",
          at,
          `Field ${at} changed type from ${String(oldField.type)} to ${String(newField.type)}.`,
        ),
      );
    } else if (!sameTypeReference(oldField.type, newField.type)) {
      changes.push(
        change(
          "FIELD_TYPE_NARROWED",
          at,
          `Field ${at} now returns ${String(newField.type)} (was ${String(oldField.type)}).`,
        ),
      );
    }
    if (oldField.deprecationReason == null && newField.deprecationReason != null) {
      changes.push(change("DEPRECATION_ADDED", at, `Field ${at} is now deprecated: ${newField.deprecationReason}`));
    }
  }
  return changes;
}
