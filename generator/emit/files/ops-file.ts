/**
 * ops.ts: the typed rewrite operations. `Op` is a discriminated union over the `@op` verbs only (there is no
 * generic "set field" op); `ops.<verb>(input)` fills input defaults, validates and returns the op or throws
 * `InvalidOpInputError` listing every path + reason; `tryOps.<verb>(input)` returns a ValidationResult instead.
 */
import type { PlainValue } from "../../ir/types.js";
import type { OpModel } from "../model/domain-model.js";
import type { HeaderFacts } from "../source/header.js";
import { array, atom, call, object, stringAtom, type Expr } from "../source/layout.js";
import { numberLiteral, propertyKey, stringLiteral } from "../source/literals.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { TsWriter, writeDocComment, writeExpression } from "../source/ts-writer.js";
import { constant, namedImport, namespaceImport, unionAlias } from "./declarations.js";
import { OPS_HELPERS, OPS_TYPES } from "./ops-runtime.js";
import { signatureLines } from "./signature-layout.js";
import { typeName, type TypeNaming } from "./type-expressions.js";
import { validatorName } from "./validators-file.js";

export interface OpDocs {
  /** The op field's description, by op name. */
  readonly descriptions: ReadonlyMap<string, string>;
}

export function emitOpsFile(
  ops: readonly OpModel[],
  names: ReadonlyMap<string, string>,
  docs: OpDocs,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const naming: TypeNaming = { names, qualifier: "types." };
  const statements: Statement[] =
    ops.length > 0
      ? [
          namespaceImport(printer, "types", "./types.js", true),
          namespaceImport(printer, "validators", "./validators.js"),
          namedImport(printer, ["ValidationIssue", "ValidationResult"], "./validators.js", true),
        ]
      : [namedImport(printer, ["ValidationIssue"], "./validators.js", true)];
  const members = ops.map(
    (op) => `{ readonly op: ${stringLiteral(op.name)}; readonly input: types.${typeName(naming, op.inputType.name)} }`,
  );
  statements.push(BLANK_LINE, unionAlias(printer, { description: OP_DOC }, "Op", members));
  statements.push(BLANK_LINE, OPS_TYPES.join("\n"));
  if (ops.length > 0) statements.push(BLANK_LINE, OPS_HELPERS.join("\n"));
  statements.push(
    BLANK_LINE,
    builders(printer, "tryOps", ops, naming, docs, "ValidationResult<OpOf<NAME>>", (op) =>
      call(
        "$build",
        stringAtom(stringLiteral(op.name)),
        atom(`validators.${validatorName(op.inputType.name)}`),
        atom("input"),
        defaultsObject(op),
      ),
    ),
    BLANK_LINE,
    builders(printer, "ops", ops, naming, docs, "OpOf<NAME>", (op) =>
      call("$orThrow", stringAtom(stringLiteral(op.name)), call(`tryOps.${op.name}`, atom("input"))),
    ),
  );
  return printer.printFile(header, statements);
}

const OP_DOC = "A typed rewrite operation: one domain verb and its input.";

/**
 * `export const ops = { verb(input) { ... }, ... };`: an object of methods, each with its JSDoc, laid out by the
 * line writer and the layout engine (a multi-line initializer is statement text, see declarations.ts).
 */
function builders(
  printer: TsPrinter,
  constName: string,
  ops: readonly OpModel[],
  naming: TypeNaming,
  docs: OpDocs,
  returnsTemplate: string,
  body: (op: OpModel) => Expr,
): Statement {
  const description =
    constName === "ops"
      ? "Op builders: fill defaults, validate, return the op; throw InvalidOpInputError on invalid input."
      : "Non-throwing op builders: fill defaults, validate, return the op or every issue found.";
  if (ops.length === 0) return constant(printer, { description }, constName, "{}");
  const writer = new TsWriter();
  writer.indent(() => writeBuilders(writer, ops, naming, docs, returnsTemplate, body));
  return constant(printer, { description }, constName, `{\n${writer.toString()}}`);
}

function writeBuilders(
  writer: TsWriter,
  ops: readonly OpModel[],
  naming: TypeNaming,
  docs: OpDocs,
  returnsTemplate: string,
  body: (op: OpModel) => Expr,
): void {
  for (const op of ops) {
    writeDocComment(writer, { description: docs.descriptions.get(op.name) });
    const returns = returnsTemplate.replace("NAME", stringLiteral(op.name));
    const param = `input: types.${typeName(naming, op.inputType.name)}`;
    for (const line of signatureLines(propertyKey(op.name), param, returns, 2)) writer.writeLine(line);
    writer.indent(() => writeExpression(writer, "return ", body(op), ";"));
    writer.writeLine("},");
  }
}

/** Defaults of the input's top-level fields (GraphQL `field: T = value`), filled in when the caller leaves them out. */
function defaultsObject(op: OpModel): Expr {
  const fields = op.inputType.kind === "input" ? op.inputType.fields : [];
  return object(
    fields.flatMap((field) =>
      field.defaultValue === undefined ? [] : [[propertyKey(field.name), plainValue(field.defaultValue)] as const],
    ),
  );
}

function plainValue(value: PlainValue): Expr {
  if (value === null) return atom("null");
  if (typeof value === "boolean") return atom(String(value));
  if (typeof value === "number") return atom(numberLiteral(value));
  if (typeof value === "string") return stringAtom(stringLiteral(value));
  if (Array.isArray(value)) return array(value.map(plainValue));
  const record = value as { readonly [key: string]: PlainValue };
  return object(
    Object.keys(record)
      .sort()
      .map((key) => [propertyKey(key), plainValue(record[key] ?? null)] as const),
  );
}
