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
import { propertyKey, stringLiteral } from "../source/literals.js";
import { createTsWriter, finish, writeDocComment, type TsWriter } from "../source/ts-writer.js";
import type { HeaderFacts } from "../source/header.js";
import { builtinScalarType, isNullable, nonNullTypeExpression, typeName, type TypeNaming } from "./type-expressions.js";
import { unionText } from "./union-layout.js";

export function emitTypesFile(ir: WesleyIR, names: ReadonlyMap<string, string>, header: HeaderFacts): string {
  const naming: TypeNaming = { names, qualifier: "" };
  const writer = createTsWriter(header);
  for (const type of ir.types) {
    writer.blankLine();
    writeType(writer, type, naming);
  }
  return finish(writer);
}

function writeType(writer: TsWriter, type: TypeDef, naming: TypeNaming): void {
  switch (type.kind) {
    case "object":
    case "interface":
      return writeOutputType(writer, type, naming);
    case "input":
      return type.oneOf === true ? writeOneOfInput(writer, type, naming) : writeInput(writer, type, naming);
    case "enum":
      return writeEnum(writer, type, naming);
    case "union":
      return writeUnion(writer, type, naming);
    case "scalar":
      return writeScalar(writer, type, naming);
  }
}

/** Objects and interfaces: every field present; nullable ones hold `null` (a response always has the key). */
function writeOutputType(writer: TsWriter, type: ObjectTypeDef | InterfaceTypeDef, naming: TypeNaming): void {
  writeDocComment(writer, type);
  writeInterface(writer, typeName(naming, type.name), type.fields, naming, () => "");
}

/** Inputs: nullable fields may be left out (GraphQL input coercion treats absent and null alike). */
function writeInput(writer: TsWriter, type: InputTypeDef, naming: TypeNaming): void {
  writeDocComment(writer, type);
  writeInterface(writer, typeName(naming, type.name), type.fields, naming, (field) =>
    isNullable(field.type) ? "?" : "",
  );
}

function writeInterface(
  writer: TsWriter,
  name: string,
  fields: readonly FieldDef[],
  naming: TypeNaming,
  optionalMark: (field: FieldDef) => string,
): void {
  if (fields.length === 0) {
    // Not `interface X {}`: an empty interface accepts any non-nullish value, this accepts only `{}`.
    writer.writeLine(`export type ${name} = { readonly [field: string]: never };`);
    return;
  }
  writer.writeLine(`export interface ${name} {`);
  writer.indent(() => {
    for (const field of fields) {
      writeDocComment(writer, field);
      // Never broken over lines, however long: prettier keeps `T | null` together (it "hugs" unions with null).
      const type = nonNullTypeExpression(field.type, naming) + (isNullable(field.type) ? " | null" : "");
      writer.writeLine(`readonly ${propertyKey(field.name)}${optionalMark(field)}: ${type};`);
    }
  });
  writer.writeLine("}");
}

/** `@oneOf` inputs: exactly one field, non-null, so a union of one-field objects. */
function writeOneOfInput(writer: TsWriter, type: InputTypeDef, naming: TypeNaming): void {
  writeDocComment(writer, type);
  const members = type.fields.map(
    (field) => `{ readonly ${propertyKey(field.name)}: ${nonNullTypeExpression(field.type, naming)} }`,
  );
  writer.writeLine(unionText(`export type ${typeName(naming, type.name)} =`, members, ";", 0));
}

/** Enums: a union of string literals (the type) plus a const object of the values (for code that lists them). */
function writeEnum(writer: TsWriter, type: EnumTypeDef, naming: TypeNaming): void {
  const name = typeName(naming, type.name);
  writeDocComment(writer, type);
  const literals = type.values.map((value) => stringLiteral(value.name));
  writer.writeLine(unionText(`export type ${name} =`, literals, ";", 0));
  writer.writeLine(`/** The values of {@link ${name}}. */`);
  if (type.values.length === 0) {
    writer.writeLine(`export const ${name} = {} as const;`);
    return;
  }
  writer.writeLine(`export const ${name} = {`);
  writer.indent(() => {
    for (const value of type.values) {
      writeDocComment(writer, value);
      writer.writeLine(`${propertyKey(value.name)}: ${stringLiteral(value.name)},`);
    }
  });
  writer.writeLine("} as const;");
}

function writeUnion(writer: TsWriter, type: UnionTypeDef, naming: TypeNaming): void {
  writeDocComment(writer, type);
  const members = type.members.map((member) => typeName(naming, member));
  writer.writeLine(unionText(`export type ${typeName(naming, type.name)} =`, members, ";", 0));
}

/** Built-in scalars alias their primitive; custom scalars are `unknown` until the schema says more (ADR 0042). */
function writeScalar(writer: TsWriter, type: ScalarTypeDef, naming: TypeNaming): void {
  const description =
    type.specifiedByURL === undefined ? type.description : joinLines(type.description, `@see ${type.specifiedByURL}`);
  writeDocComment(writer, { description });
  const target = type.builtin === true ? (builtinScalarType(type.name) ?? "unknown") : "unknown";
  writer.writeLine(`export type ${typeName(naming, type.name)} = ${target};`);
}

function joinLines(first: string | undefined, second: string): string {
  return first === undefined ? second : `${first}\n${second}`;
}
