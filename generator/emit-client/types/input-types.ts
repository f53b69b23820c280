import { getNamedType, isInputObjectType, isListType, isNonNullType, typeFromAST } from "graphql";
import type { GraphQLInputObjectType, GraphQLInputType, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { propertyKey } from "./literals.js";
import type { TypeContext } from "./type-context.js";

/**
 * Variables of an operation: a non-null variable without a default is required; a nullable one, or one with a
 * default, may be left out (`?:`) or be null (only when nullable).
 */
export function variablesType(operation: OperationDefinitionNode, schema: GraphQLSchema, context: TypeContext): string {
  const variables = operation.variableDefinitions ?? [];
  if (variables.length === 0) return "{ readonly [variable: string]: never }";
  const properties = variables.map((definition) => {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type === undefined)
      throw new Error(`internal: variable $${definition.variable.name.value} has an unknown type`);
    const optional = !isNonNullType(type) || definition.defaultValue !== undefined;
    return `readonly ${propertyKey(definition.variable.name.value)}${optional ? "?" : ""}: ${inputType(type, context)}`;
  });
  return `{ ${properties.join("; ")} }`;
}

/** Whether any variable must be given (decides if the client method's variables argument is optional). */
export function hasRequiredVariables(operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).some(
    (definition) => definition.type.kind === "NonNullType" && definition.defaultValue === undefined,
  );
}

/** An input object as a TypeScript type: nullable fields and fields with defaults may be absent. `@oneOf`: a union
 * of one-field objects that forbid the other fields. */
export function inputObjectType(type: GraphQLInputObjectType, context: TypeContext): string {
  const fields = Object.values(type.getFields()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (type.isOneOf) {
    if (fields.length === 0) return "never";
    // `?: never` on the other fields: TypeScript's excess-property check alone accepts two fields from two members.
    return fields
      .map((field) => {
        const others = fields
          .filter((other) => other !== field)
          .map((other) => `; readonly ${propertyKey(other.name)}?: never`);
        return `{ readonly ${propertyKey(field.name)}: ${inputType(unwrapNonNull(field.type), context, false)}${others.join("")} }`;
      })
      .join(" | ");
  }
  if (fields.length === 0) return "{ readonly [field: string]: never }";
  const properties = fields.map((field) => {
    const optional = !isNonNullType(field.type) || field.defaultValue !== undefined;
    return `readonly ${propertyKey(field.name)}${optional ? "?" : ""}: ${inputType(field.type, context)}`;
  });
  return `{ ${properties.join("; ")} }`;
}

function unwrapNonNull(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

function inputType(type: GraphQLInputType, context: TypeContext, nullable = true): string {
  if (isNonNullType(type)) return inputType(type.ofType, context, false);
  const inner = isListType(type)
    ? `readonly (${inputType(type.ofType, context)})[]`
    : context.reference(getNamedType(type));
  return nullable ? `${inner} | null` : inner;
}

/** Input objects reachable from the ones already used, so types.ts declares every type it mentions. */
export function closeOverInputs(schema: GraphQLSchema, context: TypeContext): void {
  const rendered = new Set<string>();
  const typeCount = Object.keys(schema.getTypeMap()).length;
  // Each pass renders at least one new input or stops; the schema's type count bounds the passes.
  for (let pass = 0; pass <= typeCount; pass += 1) {
    const pending = context.used().filter((type) => isInputObjectType(type) && !rendered.has(type.name));
    if (pending.length === 0) return;
    for (const type of pending) {
      rendered.add(type.name);
      inputObjectType(type as GraphQLInputObjectType, context);
    }
  }
}
