/**
 * types.ts: a TypeScript type for every GraphQL type (objects, interfaces, inputs, enums, unions, scalars), so a
 * schema without any Wesley directive still gets its domain types. Mapping rules: docs/generated-code.md.
 */
import type {
  EnumTypeDef,
  FieldDef,
  InputTypeDef,
  InterfaceTypeDef,
  ObjectTypeDef,
  ScalarTypeDef,
  TypeDef,
  UnionTypeDef,
  WesleyIR,
} from "../../ir/types.js";
import type { InterfaceDeclarationStructure, PropertySignatureStructure } from "ts-morph";
import { docCommentLines, jsDocs, type DocParts } from "../source/doc-comment.js";
import { propertyKey, stringLiteral } from "../source/literals.js";
import type { HeaderFacts } from "../source/header.js";
import { type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { builtinScalarType, isNullable, nonNullTypeExpression, typeName, type TypeNaming } from "./type-expressions.js";
import { typeAlias, unionAlias } from "./declarations.js";

export function emitTypesFile(
  ir: WesleyIR,
  names: ReadonlyMap<string, string>,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const naming: TypeNaming = { names, qualifier: "" };
  const statements: Statement[] = [];
  for (const type of ir.types) statements.push(...typeStatements(printer, type, naming));
  return printer.printFile(header, statements);
}

function typeStatements(printer: TsPrinter, type: TypeDef, naming: TypeNaming): Statement[] {
  switch (type.kind) {
    case "object":
    case "interface":
      return [outputType(printer, type, naming)];
    case "input":
      return [type.oneOf === true ? oneOfInput(printer, type, naming) : input(printer, type, naming)];
    case "enum":
      return enumStatements(printer, type, naming);
    case "union":
      return [union(printer, type, naming)];
    case "scalar":
      return [scalar(printer, type, naming)];
  }
}

/** Objects and interfaces: every field present; nullable ones hold `null` (a response always has the key). */
function outputType(printer: TsPrinter, type: ObjectTypeDef | InterfaceTypeDef, naming: TypeNaming): Statement {
  return interfaceOf(printer, type, typeName(naming, type.name), type.fields, naming, () => false);
}

/** Inputs: nullable fields may be left out (GraphQL input coercion treats absent and null alike). */
function input(printer: TsPrinter, type: InputTypeDef, naming: TypeNaming): Statement {
  return interfaceOf(printer, type, typeName(naming, type.name), type.fields, naming, (field) =>
    isNullable(field.type),
  );
}

function interfaceOf(
  printer: TsPrinter,
  docs: DocParts,
  name: string,
  fields: readonly FieldDef[],
  naming: TypeNaming,
  optional: (field: FieldDef) => boolean,
): Statement {
  if (fields.length === 0) {
    // Not `interface X {}`: an empty interface accepts any non-nullish value, this accepts only `{}`.
    return typeAlias(printer, docs, name, "{ readonly [field: string]: never }");
  }
  const properties = fields.map((field): PropertySignatureStructure => ({
    kind: printer.kind.PropertySignature,
    docs: jsDocs(field),
    isReadonly: true,
    name: propertyKey(field.name),
    hasQuestionToken: optional(field),
    // Never broken over lines, however long: prettier keeps `T | null` together (it "hugs" unions with null).
    type: nonNullTypeExpression(field.type, naming) + (isNullable(field.type) ? " | null" : ""),
  }));
  const declaration: InterfaceDeclarationStructure = {
    kind: printer.kind.Interface,
    docs: jsDocs(docs),
    isExported: true,
    name,
    properties,
  };
  return declaration;
}

/** `@oneOf` inputs: exactly one field, non-null, so a union of one-field objects. */
function oneOfInput(printer: TsPrinter, type: InputTypeDef, naming: TypeNaming): Statement {
  const members = type.fields.map(
    (field) => `{ readonly ${propertyKey(field.name)}: ${nonNullTypeExpression(field.type, naming)} }`,
  );
  return unionAlias(printer, type, typeName(naming, type.name), members);
}

/** Enums: a union of string literals (the type) plus a const object of the values (for code that lists them). */
function enumStatements(printer: TsPrinter, type: EnumTypeDef, naming: TypeNaming): Statement[] {
  const name = typeName(naming, type.name);
  const literals = type.values.map((value) => stringLiteral(value.name));
  const valuesDoc = `/** The values of {@link ${name}}. */\n`;
  if (type.values.length === 0) {
    return [unionAlias(printer, type, name, literals), `${valuesDoc}export const ${name} = {} as const;`];
  }
  // One property per line with its own JSDoc; as statement text for the hanging-indent reason given at typeAlias.
  const lines = [`${valuesDoc}export const ${name} = {`];
  for (const value of type.values) {
    for (const line of docCommentLines(value)) lines.push(`  ${line}`);
    lines.push(`  ${propertyKey(value.name)}: ${stringLiteral(value.name)},`);
  }
  lines.push("} as const;");
  return [unionAlias(printer, type, name, literals), lines.join("\n")];
}

function union(printer: TsPrinter, type: UnionTypeDef, naming: TypeNaming): Statement {
  const members = type.members.map((member) => typeName(naming, member));
  return unionAlias(printer, type, typeName(naming, type.name), members);
}

/** Built-in scalars alias their primitive; custom scalars are `unknown` until the schema says more (ADR 0042). */
function scalar(printer: TsPrinter, type: ScalarTypeDef, naming: TypeNaming): Statement {
  const description =
    type.specifiedByURL === undefined ? type.description : joinLines(type.description, `@see ${type.specifiedByURL}`);
  const target = type.builtin === true ? (builtinScalarType(type.name) ?? "unknown") : "unknown";
  return typeAlias(printer, { description }, typeName(naming, type.name), target);
}

function joinLines(first: string | undefined, second: string): string {
  return first === undefined ? second : `${first}\n${second}`;
}
