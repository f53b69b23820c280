/**
 * validators.ts: a TypeBox schema and a `validate<Name>(value)` function for every GraphQL type, plus validators
 * of the stored attributes of each node and edge kind. Schemas are built and compiled on first use, one type at
 * a time, so importing the module costs next to nothing even for thousands of types; recursive types work
 * because every named type is a `$id` schema referenced with `Type.Ref` (docs/adr/0043-validators.md).
 */
import type { Constraint, FieldDef, TypeDef, TypeRef, WesleyIR } from "../../ir/types.js";
import type { DomainModel, KindModel } from "../model/domain-model.js";
import type { HeaderFacts } from "../source/header.js";
import { array, atom, call, object, stringAtom, type Expr } from "../source/layout.js";
import { numberLiteral, propertyKey, stringLiteral } from "../source/literals.js";
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure } from "ts-morph";
import { docCommentLines, jsDocs } from "../source/doc-comment.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { TsWriter, writeExpression } from "../source/ts-writer.js";
import { constant, exportedFunction, namedImport, namespaceImport, typeAlias } from "./declarations.js";
import { signatureLines } from "./signature-layout.js";
import { unionText } from "./union-layout.js";
import { builtinScalarType, isNullable, typeName, type TypeNaming } from "./type-expressions.js";
import { VALIDATOR_HELPERS, VALIDATORS_CORE } from "./validators-runtime.js";

/** GraphQL's Int is a signed 32-bit integer (spec section 3.5.1); $int32 in the emitted file applies the same range. */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** `$id` of the attribute schema of a kind; `:` cannot occur in a GraphQL name, so it never meets a type's `$id`. */
export function attributesSchemaId(kindName: string): string {
  return `${kindName}:attributes`;
}

/** The exported validator of a GraphQL type. The `validate` prefix keeps any GraphQL name a legal, free identifier. */
export function validatorName(graphqlName: string): string {
  return `validate${graphqlName}`;
}

export function emitValidatorsFile(
  ir: WesleyIR,
  model: DomainModel,
  names: ReadonlyMap<string, string>,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const naming: TypeNaming = { names, qualifier: "types." };
  const implementors = implementorsByInterface(ir);
  const schemas = [
    ...ir.types.map((type) => typeSchema(type, implementors)),
    ...[...model.nodes, ...model.edges].map(attributesSchema),
  ];
  const statements: Statement[] = [
    namedImport(
      printer,
      ["Type", { name: "TProperties", isTypeOnly: true }, { name: "TSchema", isTypeOnly: true }],
      "@sinclair/typebox",
    ),
    namedImport(
      printer,
      [
        "TypeCompiler",
        "ValueErrorType",
        { name: "TypeCheck", isTypeOnly: true },
        { name: "ValueError", isTypeOnly: true },
      ],
      "@sinclair/typebox/compiler",
    ),
    namespaceImport(printer, "types", "./types.js", true),
    BLANK_LINE,
    VALIDATORS_CORE.join("\n"),
  ];
  const used = new Set<string>();
  for (const schema of schemas) collectCallees(schema, used);
  for (const [helper, lines] of Object.entries(VALIDATOR_HELPERS)) {
    if (used.has(helper)) statements.push(BLANK_LINE, lines.join("\n"));
  }
  statements.push(schemaList(printer, schemas));
  for (const type of ir.types) statements.push(validateFunction(printer, type, naming));
  statements.push(...attributeValidators(printer, "node", model.nodes, naming));
  statements.push(...attributeValidators(printer, "edge", model.edges, naming));
  return printer.printFile(header, statements);
}

function collectCallees(expr: Expr, into: Set<string>): void {
  if (expr.kind === "call") {
    into.add(expr.callee);
    for (const arg of expr.args) collectCallees(arg, into);
  } else if (expr.kind === "array") {
    for (const item of expr.items) collectCallees(item, into);
  } else if (expr.kind === "object") {
    for (const [, value] of expr.entries) collectCallees(value, into);
  }
}

/**
 * `function $buildSchemas(): TSchema[] { return [...]; }`. The array is laid out by the layout engine at the
 * column it ends up in (inside the function body), then handed to ts-morph relative to the body's indentation.
 */
function schemaList(printer: TsPrinter, schemas: readonly Expr[]): Statement {
  const body = new TsWriter();
  body.indent(() => {
    body.writeLine("return [");
    body.indent(() => {
      for (const schema of schemas) writeExpression(body, "", schema, ",");
    });
    body.writeLine("];");
  });
  const declaration: FunctionDeclarationStructure = {
    kind: printer.kind.Function,
    docs: ["Every schema, by `$id`; built on the first validation, never at import."],
    name: "$buildSchemas",
    returnType: "TSchema[]",
    statements: [dedentOneLevel(body.toString())],
  };
  return declaration;
}

function indentLines(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

function dedentOneLevel(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => line.slice(2))
    .join("\n");
}

function implementorsByInterface(ir: WesleyIR): ReadonlyMap<string, string[]> {
  const result = new Map<string, string[]>();
  for (const type of ir.types) {
    if (type.kind !== "object") continue;
    for (const name of type.interfaces) {
      const list = result.get(name) ?? [];
      list.push(type.name); // ir.types is sorted, so each list is too
      result.set(name, list);
    }
  }
  return result;
}

function typeSchema(type: TypeDef, implementors: ReadonlyMap<string, readonly string[]>): Expr {
  const id = stringAtom(stringLiteral(type.name));
  switch (type.kind) {
    case "object":
      return call("$object", id, fieldsObject(type.fields, "required"));
    case "interface": {
      // An interface value is one of its implementations; with none, it is checked against its own fields.
      const members = implementors.get(type.name) ?? [];
      if (members.length === 0) return call("$object", id, fieldsObject(type.fields, "required"));
      return call("$union", id, stringArray(members));
    }
    case "input":
      return type.oneOf === true
        ? call("$oneOf", id, fieldsObject(type.fields, "oneOf"))
        : call("$object", id, fieldsObject(type.fields, "optional"));
    case "enum":
      return call("$enum", id, stringArray(type.values.map((value) => value.name)));
    case "union":
      return call("$union", id, stringArray(type.members));
    case "scalar":
      return scalarSchema(type.name, type.builtin === true, id);
  }
}

function scalarSchema(name: string, builtin: boolean, id: Expr): Expr {
  const options = object([["$id", id]]);
  if (!builtin) return call("Type.Unknown", options);
  switch (name) {
    case "Int":
      return call("$int32", options);
    case "Float":
      return call("Type.Number", options);
    case "Boolean":
      return call("Type.Boolean", options);
    default:
      return call("Type.String", options);
  }
}

function attributesSchema(kind: KindModel): Expr {
  // Attributes are written by ops, whose inputs may leave nullable fields out: nullable attributes are optional.
  return call(
    "$object",
    stringAtom(stringLiteral(attributesSchemaId(kind.name))),
    fieldsObject(kind.attributeFields, "optional"),
  );
}

function stringArray(values: readonly string[]): Expr {
  return array(values.map((value) => stringAtom(stringLiteral(value))));
}

/** How a nullable field is checked: `required` (key present, value may be null), `optional` (may be absent), `oneOf`. */
type NullableFieldMode = "required" | "optional" | "oneOf";

function fieldsObject(fields: readonly FieldDef[], mode: NullableFieldMode): Expr {
  return object(
    fields.map((field) => [propertyKey(field.name), fieldSchema(field, mode)] as const),
    true,
  );
}

function fieldSchema(field: FieldDef, mode: NullableFieldMode): Expr {
  const schema = valueSchema(stripNonNull(field.type), field.constraint ?? {}, true);
  if (mode === "oneOf" || !isNullable(field.type)) return schema;
  const nullable = call("$nullable", schema);
  return mode === "optional" ? call("Type.Optional", nullable) : nullable;
}

function stripNonNull(ref: TypeRef): TypeRef {
  return ref.kind === "nonNull" ? ref.of : ref;
}

/**
 * The schema of a non-null value of `ref`. `@constraint` item counts apply to the outermost list; length, pattern
 * and range apply to the scalar inside all lists.
 */
function valueSchema(ref: TypeRef, constraint: Constraint, outermost: boolean): Expr {
  switch (ref.kind) {
    case "nonNull":
      return valueSchema(ref.of, constraint, outermost);
    case "list": {
      const item = valueSchema(stripNonNull(ref.of), constraint, false);
      const itemSchema = isNullable(ref.of) ? call("$nullable", item) : item;
      const options = outermost
        ? optionsObject([
            ["minItems", constraint.minItems],
            ["maxItems", constraint.maxItems],
          ])
        : undefined;
      return options === undefined ? call("Type.Array", itemSchema) : call("Type.Array", itemSchema, options);
    }
    case "named":
      return namedSchema(ref.name, constraint);
  }
}

function namedSchema(name: string, constraint: Constraint): Expr {
  if (builtinScalarType(name) === undefined) return call("Type.Ref", stringAtom(stringLiteral(name)));
  switch (name) {
    case "Int": {
      // Only bounds tighter than Int's own range are written; $int32 supplies the rest.
      const minimum = constraint.min !== undefined && constraint.min > INT32_MIN ? constraint.min : undefined;
      const maximum = constraint.max !== undefined && constraint.max < INT32_MAX ? constraint.max : undefined;
      return callWithOptions(
        "$int32",
        optionsObject([
          ["minimum", minimum],
          ["maximum", maximum],
        ]),
      );
    }
    case "Float":
      return callWithOptions(
        "Type.Number",
        optionsObject([
          ["minimum", constraint.min],
          ["maximum", constraint.max],
        ]),
      );
    case "Boolean":
      return call("Type.Boolean");
    default: {
      const pattern = constraint.pattern === undefined ? undefined : stringLiteral(`^(?:${constraint.pattern})$`);
      return callWithOptions(
        "Type.String",
        optionsObject(
          [
            ["minLength", constraint.minLength],
            ["maxLength", constraint.maxLength],
          ],
          pattern,
        ),
      );
    }
  }
}

function callWithOptions(callee: string, options: Expr | undefined): Expr {
  return options === undefined ? call(callee) : call(callee, options);
}

function optionsObject(
  numbers: readonly (readonly [string, number | undefined])[],
  pattern?: string,
): Expr | undefined {
  const entries: [string, Expr][] = [];
  for (const [key, value] of numbers) if (value !== undefined) entries.push([key, atom(numberLiteral(value))]);
  if (pattern !== undefined) entries.push(["pattern", stringAtom(pattern)]);
  return entries.length === 0 ? undefined : object(entries);
}

function validateFunction(printer: TsPrinter, type: TypeDef, naming: TypeNaming): Statement {
  return exportedFunction(
    printer,
    validatorName(type.name),
    { name: "value", type: "unknown" },
    `ValidationResult<types.${typeName(naming, type.name)}>`,
    [`return $validate(${stringLiteral(type.name)}, value);`],
  );
}

function attributeValidators(
  printer: TsPrinter,
  kindNamespace: "node" | "edge",
  kinds: readonly KindModel[],
  naming: TypeNaming,
): Statement[] {
  const fieldsMap = kindNamespace === "node" ? "NodeAttributeFields" : "EdgeAttributeFields";
  const constName = `${kindNamespace}AttributeValidators`;
  const fieldsDoc = {
    description: `The stored attribute fields of each ${kindNamespace} kind (its fields minus \`id\` and \`@derived\` ones).`,
  };
  const validatorsDoc = {
    description: `Validators of the stored attributes of each ${kindNamespace} kind (unknown fields rejected).`,
  };
  if (kinds.length === 0) {
    return [
      BLANK_LINE,
      typeAlias(printer, fieldsDoc, fieldsMap, "{ readonly [kind: string]: never }"),
      BLANK_LINE,
      constant(printer, validatorsDoc, constName, "{}"),
    ];
  }
  const fieldUnions = kinds.map((kind) => ({
    name: propertyKey(kind.name),
    text: unionText(
      `readonly ${propertyKey(kind.name)}:`,
      kind.attributeFields.map((field) => stringLiteral(field.name)),
      ";",
      2,
    ),
  }));
  const fields: Statement = fieldUnions.some((union) => union.text.includes("\n"))
    ? // A union prettier breaks over lines: the interface is statement text (see declarations.ts).
      [
        ...docCommentLines(fieldsDoc),
        `export interface ${fieldsMap} {`,
        ...fieldUnions.map((u) => indentLines(u.text)),
        "}",
      ].join("\n")
    : ({
        kind: printer.kind.Interface,
        docs: jsDocs(fieldsDoc),
        isExported: true,
        name: fieldsMap,
        properties: fieldUnions.map((union) => ({
          name: union.name,
          isReadonly: true,
          type: union.text.slice(`readonly ${union.name}: `.length, -1),
        })),
      } satisfies InterfaceDeclarationStructure);
  // An object of methods, each signature laid out as prettier breaks it: statement text (see declarations.ts).
  const methods = new TsWriter();
  methods.indent(() => {
    for (const kind of kinds) {
      const stored = `${fieldsMap}[${stringLiteral(kind.name)}]`;
      const returns = `ValidationResult<Attributes<types.${typeName(naming, kind.name)}, ${stored}>>`;
      for (const line of signatureLines(propertyKey(kind.name), "value: unknown", returns, 2)) methods.writeLine(line);
      methods.indent(() =>
        methods.writeLine(`return $validate(${stringLiteral(attributesSchemaId(kind.name))}, value);`),
      );
      methods.writeLine("},");
    }
  });
  return [BLANK_LINE, fields, constant(printer, validatorsDoc, constName, `{\n${methods.toString()}}`)];
}
