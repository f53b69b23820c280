import { isRequiredArgument } from "graphql";
import type { GraphQLSchema } from "graphql";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { directiveArgCoordinate, directiveCoordinate } from "../change/coordinates.js";

export function findDirectiveChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const directives = diffByName(oldSchema.getDirectives(), newSchema.getDirectives());

  for (const removed of directives.removed) {
    const at = directiveCoordinate(removed.name);
    changes.push(change("DIRECTIVE_REMOVED", at, `Directive ${at} was removed.`, "old"));
  }
  for (const added of directives.added) {
    const at = directiveCoordinate(added.name);
    changes.push(change("DIRECTIVE_ADDED", at, `Directive ${at} was added.`));
  }
  for (const [oldDirective, newDirective] of directives.persisted) {
    const at = directiveCoordinate(newDirective.name);
    const args = diffByName(oldDirective.args, newDirective.args);
    for (const added of args.added) {
      const argAt = directiveArgCoordinate(newDirective.name, added.name);
      changes.push(
        isRequiredArgument(added)
          ? change("REQUIRED_DIRECTIVE_ARG_ADDED", argAt, `Required argument ${argAt} was added.`)
          : change("OPTIONAL_DIRECTIVE_ARG_ADDED", argAt, `Optional argument ${argAt} was added.`),
      );
    }
    for (const removed of args.removed) {
      const argAt = directiveArgCoordinate(oldDirective.name, removed.name);
      changes.push(change("DIRECTIVE_ARG_REMOVED", argAt, `Argument ${argAt} was removed.`, "old"));
    }
    if (oldDirective.isRepeatable && !newDirective.isRepeatable) {
      changes.push(change("DIRECTIVE_REPEATABLE_REMOVED", at, `Directive ${at} is no longer repeatable.`));
    }
    for (const location of oldDirective.locations) {
      if (!newDirective.locations.includes(location)) {
        changes.push(change("DIRECTIVE_LOCATION_REMOVED", at, `Directive ${at} can no longer be used on ${location}.`));
      }
    }
    for (const location of newDirective.locations) {
      if (!oldDirective.locations.includes(location)) {
        changes.push(change("DIRECTIVE_LOCATION_ADDED", at, `Directive ${at} can now be used on ${location}.`));
      }
    }
  }
  return changes;
}
