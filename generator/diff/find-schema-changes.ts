import type { GraphQLSchema } from "graphql";
import type { WesleyIR } from "../ir/types.js";
import type { SchemaChange } from "./change/schema-change.js";
import { findGraphqlChanges } from "./graphql/find-graphql-changes.js";
import { findUndeprecatedRemovals } from "./deprecation/find-undeprecated-removals.js";
import { findConstraintChanges } from "./validators/find-constraint-changes.js";
import { findRegistryChanges } from "./registry/find-registry-changes.js";
import { findHistoryChanges } from "./history/find-history-changes.js";

/** One side of a comparison. `ir` is absent for plain GraphQL schemas (no kinds.yaml, no Wesley directives). */
export interface SchemaVersion {
  readonly schema: GraphQLSchema;
  readonly ir?: WesleyIR;
}

/** Every change from `before` to `after`, unlocated and unsorted (see report/ for both). */
export function findSchemaChanges(before: SchemaVersion, after: SchemaVersion): SchemaChange[] {
  const changes = [
    ...findGraphqlChanges(before.schema, after.schema),
    ...findUndeprecatedRemovals(before.schema, after.schema),
  ];
  if (before.ir !== undefined && after.ir !== undefined) {
    changes.push(
      ...findConstraintChanges(before.ir, after.ir),
      ...findRegistryChanges(before.ir.registry, after.ir.registry),
      ...findHistoryChanges(before.ir, after.ir),
    );
  }
  return changes;
}
