import type { GraphQLUnionType } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";

export function findUnionMemberChanges(oldType: GraphQLUnionType, newType: GraphQLUnionType): SchemaChange[] {
  const members = diffByName(oldType.getTypes(), newType.getTypes());
  return [
    ...members.added.map((member) =>
      change(
        "TYPE_ADDED_TO_UNION",
        newType.name,
        `${member.name} was added to union ${newType.name}; clients without a fragment for it get an empty object.`,
      ),
    ),
    ...members.removed.map((member) =>
      change("TYPE_REMOVED_FROM_UNION", oldType.name, `${member.name} was removed from union ${oldType.name}.`, "old"),
    ),
  ];
}
