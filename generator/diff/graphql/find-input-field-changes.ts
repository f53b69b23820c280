import { isRequiredInputField } from "graphql";
import type { GraphQLInputObjectType } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { fieldCoordinate } from "../change/coordinates.js";
import { isSafeInputTypeChange, sameTypeReference } from "./type-compatibility.js";

export function findInputFieldChanges(
  oldType: GraphQLInputObjectType,
  newType: GraphQLInputObjectType,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const fields = diffByName(Object.values(oldType.getFields()), Object.values(newType.getFields()));

  for (const added of fields.added) {
    const at = fieldCoordinate(newType.name, added.name);
    changes.push(
      isRequiredInputField(added)
        ? change("REQUIRED_INPUT_FIELD_ADDED", at, `Required input field ${at} was added; existing inputs omit it.`)
        : change("OPTIONAL_INPUT_FIELD_ADDED", at, `Optional input field ${at} was added.`),
    );
  }
  for (const removed of fields.removed) {
    const at = fieldCoordinate(oldType.name, removed.name);
    changes.push(change("FIELD_REMOVED", at, `Input field ${at} was removed.`, "old"));
  }
  for (const [oldField, newField] of fields.persisted) {
    const at = fieldCoordinate(newType.name, newField.name);
    if (!isSafeInputTypeChange(oldField.type, newField.type)) {
      changes.push(
        change(
          "FIELD_CHANGED_KIND",
          at,
          `Input field ${at} changed type from ${String(oldField.type)} to ${String(newField.type)}.`,
        ),
      );
    } else if (!sameTypeReference(oldField.type, newField.type)) {
      changes.push(
        change(
          "INPUT_FIELD_TYPE_WIDENED",
          at,
          `Input field ${at} now accepts ${String(newField.type)} (was ${String(oldField.type)}).`,
        ),
      );
    }
    if (oldField.deprecationReason == null && newField.deprecationReason != null) {
      changes.push(
        change("DEPRECATION_ADDED", at, `Input field ${at} is now deprecated: ${newField.deprecationReason}`),
      );
    }
  }
  return changes;
}
