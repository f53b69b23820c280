import type { GraphQLInterfaceType, GraphQLObjectType } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";

export function findImplementedInterfaceChanges(
  oldType: GraphQLObjectType | GraphQLInterfaceType,
  newType: GraphQLObjectType | GraphQLInterfaceType,
): SchemaChange[] {
  const interfaces = diffByName(oldType.getInterfaces(), newType.getInterfaces());
  return [
    ...interfaces.added.map((added) =>
      change(
        "IMPLEMENTED_INTERFACE_ADDED",
        newType.name,
        `${newType.name} now implements ${added.name}; fragments on ${added.name} now also match it.`,
      ),
    ),
    ...interfaces.removed.map((removed) =>
      change("IMPLEMENTED_INTERFACE_REMOVED", oldType.name, `${oldType.name} no longer implements ${removed.name}.`),
    ),
  ];
}
