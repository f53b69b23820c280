/**
 * ts-morph structures for the declarations every emitter writes. Where prettier would break a declaration over
 * lines, the declaration is statement text laid out by the layout engine instead: ts-morph indents a
 * declaration's continuation lines one level deeper than prettier does (a "hanging" indent), and generated code
 * must already be prettier-formatted (docs/adr/0045-typescript-emission-with-ts-morph-structures.md).
 */
import type {
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  ImportSpecifierStructure,
  TypeAliasDeclarationStructure,
  VariableStatementStructure,
} from "ts-morph";
import { docCommentLines, jsDocs, type DocParts } from "../source/doc-comment.js";
import { PRINT_WIDTH_CHARS } from "../source/layout.js";
import type { Statement, TsPrinter } from "../source/ts-morph-printer.js";
import { unionText } from "./union-layout.js";

/** `export type Name = type;` (the type on one line). */
export function typeAlias(printer: TsPrinter, docs: DocParts, name: string, type: string): Statement {
  const declaration: TypeAliasDeclarationStructure = {
    kind: printer.kind.TypeAlias,
    docs: jsDocs(docs),
    isExported: true,
    name,
    type,
  };
  return declaration;
}

/** `export type Name = A | B | C;`, broken over lines as prettier breaks long unions. */
export function unionAlias(printer: TsPrinter, docs: DocParts, name: string, members: readonly string[]): Statement {
  const text = unionText(`export type ${name} =`, members, ";", 0);
  if (!text.includes("\n")) return typeAlias(printer, docs, name, members.length === 0 ? "never" : members.join(" | "));
  return docCommentText(docs) + text;
}

/** `export const name = initializer;` with a JSDoc; `initializer` may span lines (then it is statement text). */
export function constant(printer: TsPrinter, docs: DocParts, name: string, initializer: string): Statement {
  const statement: VariableStatementStructure = {
    kind: printer.kind.VariableStatement,
    docs: jsDocs(docs),
    isExported: true,
    declarationKind: printer.declarationKind.Const,
    declarations: [{ name, initializer }],
  };
  const oneLine = `export const ${name} = ${initializer};`;
  if (!initializer.includes("\n") && oneLine.length <= PRINT_WIDTH_CHARS) return statement;
  return docCommentText(docs) + oneLine;
}

/**
 * `export function name(param: type): returns { body }` with one parameter. A head longer than the print width is
 * statement text with the parameter on its own line, as prettier breaks it.
 */
export function exportedFunction(
  printer: TsPrinter,
  name: string,
  parameter: { readonly name: string; readonly type: string },
  returnType: string,
  body: readonly string[],
): Statement {
  const head = `export function ${name}(${parameter.name}: ${parameter.type}): ${returnType} {`;
  if (head.length > PRINT_WIDTH_CHARS) {
    const lines = [`export function ${name}(`, `  ${parameter.name}: ${parameter.type},`, `): ${returnType} {`];
    return [...lines, ...body.map((line) => `  ${line}`), "}"].join("\n");
  }
  const declaration: FunctionDeclarationStructure = {
    kind: printer.kind.Function,
    isExported: true,
    name,
    parameters: [{ name: parameter.name, type: parameter.type }],
    returnType,
    statements: [...body],
  };
  return declaration;
}

export interface ImportSpec {
  readonly name: string;
  readonly isTypeOnly?: boolean;
}

/** `import { a, type B } from "module";` or, with `isTypeOnly`, `import type { ... }`. */
export function namedImport(
  printer: TsPrinter,
  names: readonly (string | ImportSpec)[],
  moduleSpecifier: string,
  isTypeOnly = false,
): Statement {
  const namedImports = names.map((spec): ImportSpecifierStructure =>
    typeof spec === "string"
      ? { kind: printer.kind.ImportSpecifier, name: spec }
      : { kind: printer.kind.ImportSpecifier, name: spec.name, isTypeOnly: spec.isTypeOnly === true },
  );
  const declaration: ImportDeclarationStructure = {
    kind: printer.kind.ImportDeclaration,
    namedImports,
    moduleSpecifier,
    isTypeOnly,
  };
  return declaration;
}

/** `import * as name from "module";` or `import type * as name from "module";`. */
export function namespaceImport(
  printer: TsPrinter,
  name: string,
  moduleSpecifier: string,
  isTypeOnly = false,
): Statement {
  const declaration: ImportDeclarationStructure = {
    kind: printer.kind.ImportDeclaration,
    namespaceImport: name,
    moduleSpecifier,
    isTypeOnly,
  };
  return declaration;
}

/** A JSDoc as text lines ending in newlines, for statement text ("" when there is nothing to say). */
export function docCommentText(docs: DocParts): string {
  return docCommentLines(docs)
    .map((line) => line + "\n")
    .join("");
}
