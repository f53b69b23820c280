import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from "graphql";
import type { GraphQLNamedType, GraphQLSchema } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { findEnumValueChanges } from "./find-enum-changes.js";
import { findUnionMemberChanges } from "./find-union-changes.js";
import { findInputFieldChanges } from "./find-input-field-changes.js";
import { findFieldChanges } from "./find-field-changes.js";
import { findImplementedInterfaceChanges } from "./find-interface-changes.js";

/** Named types, then the members of each type both schemas define (same walk as graphql-js findTypeChanges). */
export function findTypeChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const types = diffByName(Object.values(oldSchema.getTypeMap()), Object.values(newSchema.getTypeMap()));

  for (const removed of types.removed) {
    changes.push(
      change(
        "TYPE_REMOVED",
        removed.name,
        isSpecifiedScalarType(removed)
          ? `Standard scalar ${removed.name} was removed because nothing references it any more.`
          : `Type ${removed.name} was removed.`,
        "old",
      ),
    );
  }
  for (const added of types.added) {
    changes.push(change("TYPE_ADDED", added.name, `${kindName(added)} ${added.name} was added.`));
  }
  for (const [oldType, newType] of types.persisted) {
    changes.push(...findMemberChanges(oldType, newType));
  }
  return changes;
}

function findMemberChanges(oldType: GraphQLNamedType, newType: GraphQLNamedType): SchemaChange[] {
  if (isEnumType(oldType) && isEnumType(newType)) return findEnumValueChanges(oldType, newType);
  if (isUnionType(oldType) && isUnionType(newType)) return findUnionMemberChanges(oldType, newType);
  if (isInputObjectType(oldType) && isInputObjectType(newType)) return findInputFieldChanges(oldType, newType);
  if ((isObjectType(oldType) && isObjectType(newType)) || (isInterfaceType(oldType) && isInterfaceType(newType))) {
    return [...findFieldChanges(oldType, newType), ...findImplementedInterfaceChanges(oldType, newType)];
  }
  if (kindName(oldType) !== kindName(newType)) {
    return [
      change(
        "TYPE_CHANGED_KIND",
        newType.name,
        `${newType.name} changed from ${article(kindName(oldType))} to ${article(kindName(newType))}.`,
      ),
    ];
  }
  return [];
}

function kindName(type: GraphQLNamedType): string {
  if (isScalarType(type)) return "Scalar";
  if (isObjectType(type)) return "Object type";
  if (isInterfaceType(type)) return "Interface";
  if (isUnionType(type)) return "Union";
  if (isEnumType(type)) return "Enum";
  return "Input type";
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
