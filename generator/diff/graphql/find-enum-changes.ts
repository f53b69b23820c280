import type { GraphQLEnumType } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { fieldCoordinate } from "../change/coordinates.js";

export function findEnumValueChanges(oldType: GraphQLEnumType, newType: GraphQLEnumType): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const values = diffByName(oldType.getValues(), newType.getValues());
  for (const added of values.added) {
    changes.push(
      change(
        "VALUE_ADDED_TO_ENUM",
        fieldCoordinate(newType.name, added.name),
        `${added.name} was added to enum ${newType.name}; clients that switch over its values may not handle it.`,
      ),
    );
  }
  for (const removed of values.removed) {
    changes.push(
      change(
        "VALUE_REMOVED_FROM_ENUM",
        fieldCoordinate(oldType.name, removed.name),
        `${removed.name} was removed from enum ${oldType.name}.`,
        "old",
      ),
    );
  }
  for (const [oldValue, newValue] of values.persisted) {
    if (oldValue.deprecationReason == null && newValue.deprecationReason != null) {
      changes.push(
        change(
          "DEPRECATION_ADDED",
          fieldCoordinate(newType.name, newValue.name),
          `${newType.name}.${newValue.name} is now deprecated: ${newValue.deprecationReason}`,
        ),
      );
    }
  }
  return changes;
}
