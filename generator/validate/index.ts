import type { Diagnostic } from "../diagnostics/index.js";
import type { SchemaModel } from "../load/model.js";
import type { DeclaredKinds } from "../registry/coverage.js";
import { checkConstraints } from "./constraints.js";
import { checkDerived } from "./derived.js";
import { checkKinds } from "./kinds.js";
import { checkOps } from "./ops.js";
import { checkRequires } from "./requires.js";

export { checkGraphQLSDLRules } from "./graphql-sdl-rules.js";
export { checkGraphQLSchemaRules, emptyTypeMessage } from "./graphql-schema-rules.js";
export { checkDirectiveValues, checkDefaultValues } from "./values.js";

/**
 * Wesley rules that look at one field or directive at a time. They cannot be misled by a file that failed to
 * parse, so they run even then.
 */
export function checkLocalRules(model: SchemaModel): Diagnostic[] {
  return [...checkDerived(model), ...checkConstraints(model), ...checkRequires(model)];
}

/**
 * Wesley rules that follow references between types (edge endpoints, op targets and inputs). They read the model,
 * not a built GraphQLSchema, so they still run when graphql-js found errors that make building impossible; they
 * are skipped only when a file failed to parse (its types would look missing).
 */
export function checkReferenceRules(model: SchemaModel): { diagnostics: Diagnostic[]; declared: DeclaredKinds } {
  const kinds = checkKinds(model);
  const ops = checkOps(model);
  return { diagnostics: [...kinds.diagnostics, ...ops.diagnostics], declared: { nodes: kinds.nodes, edges: kinds.edges, ops: ops.ops } };
}
