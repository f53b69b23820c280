import { isRequiredArgument } from "graphql";
import type { GraphQLArgument, GraphQLField } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { argCoordinate } from "../change/coordinates.js";
import { isSafeInputTypeChange, sameTypeReference } from "./type-compatibility.js";
import { printDefaultValue } from "./default-values.js";

export function findArgChanges(
  typeName: string,
  oldField: GraphQLField<unknown, unknown>,
  newField: GraphQLField<unknown, unknown>,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const args = diffByName(oldField.args, newField.args);
  const at = (arg: GraphQLArgument) => argCoordinate(typeName, newField.name, arg.name);

  for (const removed of args.removed) {
    changes.push(change("ARG_REMOVED", at(removed), `Argument ${at(removed)} was removed.`, "old"));
  }
  for (const [oldArg, newArg] of args.persisted) {
    changes.push(...findArgTypeAndDefaultChanges(at(newArg), oldArg, newArg));
  }
  for (const added of args.added) {
    changes.push(
      isRequiredArgument(added)
        ? change("REQUIRED_ARG_ADDED", at(added), `Required argument ${at(added)} was added; existing calls omit it.`)
        : change("OPTIONAL_ARG_ADDED", at(added), `Optional argument ${at(added)} was added.`),
    );
  }
  return changes;
}

function findArgTypeAndDefaultChanges(
  coordinate: string,
  oldArg: GraphQLArgument,
  newArg: GraphQLArgument,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (!isSafeInputTypeChange(oldArg.type, newArg.type)) {
    changes.push(
      change(
        "ARG_CHANGED_KIND",
        coordinate,
        `Argument ${coordinate} changed type from ${String(oldArg.type)} to ${String(newArg.type)}.`,
      ),
    );
  } else {
    if (!sameTypeReference(oldArg.type, newArg.type)) {
      changes.push(
        change(
          "ARG_TYPE_WIDENED",
          coordinate,
          `Argument ${coordinate} now accepts ${String(newArg.type)} (was ${String(oldArg.type)}).`,
        ),
      );
    }
    // Same rule as graphql-js: only a default that existed before can change in a way clients observe.
    if (oldArg.defaultValue !== undefined) {
      if (newArg.defaultValue === undefined) {
        changes.push(change("ARG_DEFAULT_VALUE_CHANGE", coordinate, `Argument ${coordinate} lost its default value.`));
      } else {
        const before = printDefaultValue(oldArg.defaultValue, oldArg.type);
        const after = printDefaultValue(newArg.defaultValue, newArg.type);
        if (before !== after) {
          changes.push(
            change(
              "ARG_DEFAULT_VALUE_CHANGE",
              coordinate,
              `Argument ${coordinate} changed its default value from ${before} to ${after}.`,
            ),
          );
        }
      }
    }
  }
  if (oldArg.deprecationReason == null && newArg.deprecationReason != null) {
    changes.push(
      change("DEPRECATION_ADDED", coordinate, `Argument ${coordinate} is now deprecated: ${newArg.deprecationReason}`),
    );
  }
  return changes;
}
