import { isEnumType, isInputObjectType, isScalarType } from "graphql";
import type { GraphQLNamedType, GraphQLSchema } from "graphql";
import { resultTypeName, variablesTypeName } from "../naming/operation-names.js";
import type { OperationSet } from "../operations/operation-set.js";
import { closeOverInputs, inputObjectType, variablesType } from "../types/input-types.js";
import { propertyKey, stringLiteral } from "../types/literals.js";
import { selectionSetType } from "../types/selection-types.js";
import type { TypeContext } from "../types/type-context.js";

/**
 * types.ts: one result type and one variables type per operation, then the schema types they use (custom scalars,
 * enums, input objects), so the file holds nothing the operations do not need.
 */
export function emitTypesFile(
  header: string,
  operations: OperationSet,
  schema: GraphQLSchema,
  context: TypeContext,
): string {
  const operationBlocks = operations.operations.map((operation) => {
    const root = schema.getRootType(operation.definition.operation);
    if (root === null || root === undefined)
      throw new Error(`internal: no ${operation.kind} root for ${operation.name}`);
    const result = selectionSetType(root, operation.definition.selectionSet, schema, operations.fragments, context);
    const variables = variablesType(operation.definition, schema, context);
    return [
      `/** Result of ${operation.kind} ${operation.name} (persisted id ${operation.id}). */`,
      `export type ${resultTypeName(operation.name, operation.kind)} = ${result};`,
      "",
      `/** Variables of ${operation.kind} ${operation.name}. */`,
      `export type ${variablesTypeName(operation.name, operation.kind)} = ${variables};`,
    ].join("\n");
  });
  closeOverInputs(schema, context);
  const schemaBlocks = context.used().map((type) => namedTypeBlock(type, context));
  return `${header}\n${[...schemaBlocks, ...operationBlocks].join("\n\n")}\n`;
}

/** The declaration of a custom scalar, enum or input object that generated code refers to. */
export function namedTypeBlock(type: GraphQLNamedType, context: TypeContext): string {
  const name = context.tsName(type.name);
  const doc = type.description === undefined || type.description === null ? "" : docComment(type.description);
  if (isScalarType(type)) {
    return `${doc}/** Custom scalar ${type.name}: its serialisation is the server's; typed as unknown. */\nexport type ${name} = unknown;`;
  }
  if (isEnumType(type)) {
    const values = type
      .getValues()
      .map((value) => value.name)
      .sort();
    const union = values.length === 0 ? "never" : values.map(stringLiteral).join(" | ");
    const object = values.map((value) => `${propertyKey(value)}: ${stringLiteral(value)}`).join(", ");
    return `${doc}export type ${name} = ${union};\nexport const ${name} = { ${object} } as const;`;
  }
  if (isInputObjectType(type)) return `${doc}export type ${name} = ${inputObjectType(type, context)};`;
  throw new Error(`internal: ${type.name} is not a leaf or input type`);
}

/** A JSDoc comment holding `text` (a schema description), safe against `*\/` inside it. */
export function docComment(text: string): string {
  const lines = text.replace(/\*\//g, "*\\/").split(/\r\n|\r|\n/);
  return `/**\n${lines.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n */\n`;
}
