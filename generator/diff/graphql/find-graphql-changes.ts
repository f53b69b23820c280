import type { GraphQLSchema } from "graphql";
import type { SchemaChange } from "../change/schema-change.js";
import { findTypeChanges } from "./find-type-changes.js";
import { findDirectiveChanges } from "./find-directive-changes.js";

/** What GraphQL clients observe: a superset of graphql-js findBreakingChanges + findDangerousChanges. */
export function findGraphqlChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaChange[] {
  return [...findTypeChanges(oldSchema, newSchema), ...findDirectiveChanges(oldSchema, newSchema)];
}
