import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import type { GraphQLField, GraphQLSchema } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { argCoordinate, fieldCoordinate } from "../change/coordinates.js";
import { findDeprecatedTypeNames } from "./deprecated-types.js";

const NEXT_STEP = "Deprecate it in one release and remove it in a later one, or approve the removal.";

/**
 * Removals that skipped the deprecation release. Each is reported on its own, next to the breaking removal
 * graphql-level checks already report, because "clients were never warned" is a separate fact to review.
 * Only the outermost removal is reported: a removed type's fields are not listed again.
 */
export function findUndeprecatedRemovals(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const types = diffByName(Object.values(oldSchema.getTypeMap()), Object.values(newSchema.getTypeMap()));

  if (types.removed.length > 0) {
    const deprecatedTypes = findDeprecatedTypeNames(oldSchema);
    for (const removed of types.removed) {
      if (!deprecatedTypes.has(removed.name) && !removed.name.startsWith("__")) {
        changes.push(
          change(
            "TYPE_REMOVED_WITHOUT_DEPRECATION",
            removed.name,
            `Type ${removed.name} was never deprecated (not itself, not all its members, not every field using it). ${NEXT_STEP}`,
            "old",
          ),
        );
      }
    }
  }
  for (const [oldType, newType] of types.persisted) {
    if ((isObjectType(oldType) && isObjectType(newType)) || (isInterfaceType(oldType) && isInterfaceType(newType))) {
      changes.push(...findFieldRemovals(oldType.name, oldType.getFields(), newType.getFields()));
    } else if (isInputObjectType(oldType) && isInputObjectType(newType)) {
      const fields = diffByName(Object.values(oldType.getFields()), Object.values(newType.getFields()));
      for (const removed of fields.removed) {
        if (removed.deprecationReason != null) continue;
        const at = fieldCoordinate(oldType.name, removed.name);
        changes.push(
          change(
            "INPUT_FIELD_REMOVED_WITHOUT_DEPRECATION",
            at,
            `Input field ${at} was never deprecated. ${NEXT_STEP}`,
            "old",
          ),
        );
      }
    } else if (isEnumType(oldType) && isEnumType(newType)) {
      const values = diffByName(oldType.getValues(), newType.getValues());
      for (const removed of values.removed) {
        if (removed.deprecationReason != null) continue;
        const at = fieldCoordinate(oldType.name, removed.name);
        changes.push(
          change(
            "ENUM_VALUE_REMOVED_WITHOUT_DEPRECATION",
            at,
            `Enum value ${at} was never deprecated. ${NEXT_STEP}`,
            "old",
          ),
        );
      }
    }
  }
  return changes;
}

type FieldMap = Readonly<Record<string, GraphQLField<unknown, unknown>>>;

function findFieldRemovals(typeName: string, oldFields: FieldMap, newFields: FieldMap): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const fields = diffByName(Object.values(oldFields), Object.values(newFields));
  for (const removed of fields.removed) {
    if (removed.deprecationReason != null) continue;
    const at = fieldCoordinate(typeName, removed.name);
    changes.push(
      isOp(removed)
        ? change("OP_REMOVED_WITHOUT_DEPRECATION", at, `Op ${at} was never deprecated. ${NEXT_STEP}`, "old")
        : change("FIELD_REMOVED_WITHOUT_DEPRECATION", at, `Field ${at} was never deprecated. ${NEXT_STEP}`, "old"),
    );
  }
  for (const [oldField, newField] of fields.persisted) {
    const args = diffByName(oldField.args, newField.args);
    for (const removed of args.removed) {
      if (removed.deprecationReason != null) continue;
      const at = argCoordinate(typeName, oldField.name, removed.name);
      changes.push(
        change("ARG_REMOVED_WITHOUT_DEPRECATION", at, `Argument ${at} was never deprecated. ${NEXT_STEP}`, "old"),
      );
    }
  }
  return changes;
}

/** An op is a Mutation field carrying @op; read from the AST so plain GraphQL schemas need no IR. */
function isOp(field: GraphQLField<unknown, unknown>): boolean {
  return field.astNode?.directives?.some((directive) => directive.name.value === "op") ?? false;
}
