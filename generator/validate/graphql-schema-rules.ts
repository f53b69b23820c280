import { validateSchema } from "graphql";
import type { ASTNode, GraphQLSchema } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import type { SourceLocation } from "../ir/types.js";
import { formatLocation, locationOf } from "../load/location.js";

/**
 * graphql-js's type-system rules (interfaces implemented correctly, unions of objects, input cycles, ...) as
 * located diagnostics. One exemption: an @edge kind may have no fields (`type DependsOn @edge(from:, to:)`), which
 * GraphQL forbids for object types; graphql-js words that error exactly as below (pinned by a test).
 */
export function checkGraphQLSchemaRules(schema: GraphQLSchema, edgeKinds: ReadonlySet<string>): Diagnostic[] {
  const allowedEmpty = new Set([...edgeKinds].map(emptyTypeMessage));
  const diagnostics: Diagnostic[] = [];
  for (const e of validateSchema(schema)) {
    if (allowedEmpty.has(e.message)) continue;
    const locations = (e.nodes ?? []).filter((n) => n.loc !== undefined).map(nameLocation);
    const [first, ...others] = locations;
    diagnostics.push(
      error(
        "WESLEY_INVALID_SCHEMA",
        others.length === 0 ? e.message : `${e.message} (see also ${others.map(formatLocation).join(", ")})`,
        first,
        "Change the schema so it is valid GraphQL; the message names the rule it breaks.",
      ),
    );
  }
  return diagnostics;
}

export function emptyTypeMessage(typeName: string): string {
  return `Type ${typeName} must define one or more fields.`;
}

/** Point at a definition's name, not at its description (which is where the node itself starts). */
export function nameLocation(node: ASTNode): SourceLocation {
  const name = "name" in node ? node.name : undefined;
  return name !== undefined && typeof name === "object" && name.kind === "Name" ? locationOf(name) : locationOf(node);
}
