/**
 * Prints the ts-morph statement structures the emitters build, byte for byte as ts-morph's `printStructure` prints
 * them (2-space indent, double quotes), without loading ts-morph and the TypeScript compiler. It covers exactly the
 * structures and fields the emitters use and throws on anything else, so a new kind of structure cannot silently
 * print differently; a test prints every corpus schema and GitHub's with both printers and compares
 * (docs/adr/0045-typescript-emission-with-ts-morph-structures.md).
 *
 * ts-morph's layout rules mirrored here (StatementStructurePrinter, code-block-writer):
 * - before a statement: a blank line if the text so far ends in `}`, else a new line; interfaces and functions
 *   always get a blank line before them (except at the start);
 * - statement text is written line by line at the current indentation; empty lines stay empty;
 * - a JSDoc of one line is `/** text *\/`, of several lines `/**`, ` * line` (or ` *`), ` *\/`;
 * - the file ends in exactly one newline.
 */
import type {
  ExportDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  JSDocStructure,
  OptionalKind,
  PropertySignatureStructure,
  TypeAliasDeclarationStructure,
  VariableStatementStructure,
  WriterFunction,
} from "ts-morph";
import { STRUCTURE_KIND } from "./structure-kinds.js";
import type { Statement } from "./ts-morph-printer.js";

const INDENT = "  ";
/** The start of every line that has at least one character (empty lines get no indentation). */
const NON_EMPTY_LINE_START = /^(?=[^\n])/gm;

/** Output as chunks (joined once) plus the little state the layout rules look at. */
class Output {
  private readonly chunks: string[] = [];
  /** The last two characters written, enough to tell "ends in a newline" and "ends in a blank line". */
  private tail = "";
  private lastNonWhitespace = "";
  level = 0;

  isEmpty(): boolean {
    return this.tail === "";
  }

  endsWithNewLine(): boolean {
    return this.tail.endsWith("\n");
  }

  endsWithBlankLine(): boolean {
    return this.tail === "\n\n";
  }

  lastNonWhitespaceChar(): string {
    return this.lastNonWhitespace;
  }

  /** Writes text, indenting each non-empty line that starts at the beginning of a line. */
  write(text: string): void {
    if (text === "") return;
    if (this.level === 0) {
      this.raw(text);
      return;
    }
    // One regex pass instead of a split: statement text (the schema list) can be most of a megabyte.
    const pad = INDENT.repeat(this.level);
    const indented = text.replace(NON_EMPTY_LINE_START, pad);
    const atLineStart = this.isEmpty() || this.endsWithNewLine();
    this.raw(atLineStart || text.startsWith("\n") ? indented : indented.slice(pad.length));
  }

  newLine(): void {
    this.raw("\n");
  }

  newLineIfLastNot(): void {
    if (!this.endsWithNewLine()) this.newLine();
  }

  blankLineIfLastNot(): void {
    if (this.endsWithBlankLine()) return;
    this.newLineIfLastNot();
    this.newLine();
  }

  toString(): string {
    return this.chunks.join("");
  }

  private raw(text: string): void {
    if (text === "") return;
    this.chunks.push(text);
    this.tail = text.length >= 2 ? text.slice(-2) : (this.tail + text).slice(-2);
    for (let i = text.length - 1; i >= 0; i -= 1) {
      const char = text[i] as string;
      if (char !== " " && char !== "\n" && char !== "\t" && char !== "\r") {
        this.lastNonWhitespace = char;
        break;
      }
    }
  }
}

/** The text of a source file made of these statements. */
export function printStatements(statements: readonly Statement[]): string {
  const out = new Output();
  printStatementList(out, statements);
  if (!out.isEmpty()) out.newLineIfLastNot();
  return out.toString();
}

function printStatementList(out: Output, statements: readonly (string | Statement)[], atBlockStart = true): void {
  let first = atBlockStart;
  for (const statement of statements) {
    if (out.lastNonWhitespaceChar() === "}" && !first) out.blankLineIfLastNot();
    else if (!first) out.newLineIfLastNot();
    printStatement(out, statement, first);
    first = false;
  }
}

function printStatement(out: Output, statement: Statement, atBlockStart: boolean): void {
  if (typeof statement === "string") {
    out.write(statement);
    return;
  }
  switch (statement.kind) {
    case STRUCTURE_KIND.Interface:
      if (!atBlockStart) out.blankLineIfLastNot();
      return printInterface(out, statement);
    case STRUCTURE_KIND.Function:
      if (!atBlockStart) out.blankLineIfLastNot();
      return printFunction(out, statement);
    case STRUCTURE_KIND.TypeAlias:
      return printTypeAlias(out, statement);
    case STRUCTURE_KIND.VariableStatement:
      return printVariableStatement(out, statement);
    case STRUCTURE_KIND.ImportDeclaration:
      return printImport(out, statement);
    case STRUCTURE_KIND.ExportDeclaration:
      return printExport(out, statement);
    default:
      throw new Error(`internal error: structure-text.ts cannot print a structure of kind ${statement.kind}`);
  }
}

function printDocs(
  out: Output,
  docs: readonly (string | OptionalKind<JSDocStructure> | WriterFunction)[] | undefined,
): void {
  for (const doc of docs ?? []) {
    if (typeof doc !== "string") throw new Error("internal error: structure-text.ts prints JSDoc given as text only");
    const lines = doc.split(/\r?\n/);
    if (lines.length <= 1) {
      out.write(doc.endsWith(" ") ? `/** ${doc}*/` : `/** ${doc} */`);
    } else {
      if (lines[0] === "") throw new Error("internal error: a JSDoc's first line is empty");
      out.write("/**");
      out.newLine();
      for (const line of lines) {
        out.write(line === "" ? " *" : ` * ${line}`);
        out.newLine();
      }
      out.write(" */");
    }
    out.newLine();
  }
}

function singleLine(text: string, what: string): string {
  if (text.includes("\n")) throw new Error(`internal error: structure-text.ts prints a ${what} on one line only`);
  return text;
}

function textOf(value: string | WriterFunction | undefined, what: string): string {
  if (typeof value !== "string") throw new Error(`internal error: structure-text.ts needs the ${what} as text`);
  return singleLine(value, what);
}

function printInterface(out: Output, structure: InterfaceDeclarationStructure): void {
  printDocs(out, structure.docs);
  out.write(`${structure.isExported === true ? "export " : ""}interface ${structure.name} {`);
  out.newLine();
  out.level += 1;
  const properties = (structure.properties ?? []) as readonly OptionalKind<PropertySignatureStructure>[];
  properties.forEach((property, i) => {
    if (i > 0) out.newLineIfLastNot();
    printDocs(out, property.docs);
    const question = property.hasQuestionToken === true ? "?" : "";
    const type = textOf(property.type, "property type");
    out.write(`${property.isReadonly === true ? "readonly " : ""}${property.name}${question}: ${type};`);
  });
  out.level -= 1;
  out.newLineIfLastNot();
  out.write("}");
}

function printTypeAlias(out: Output, structure: TypeAliasDeclarationStructure): void {
  printDocs(out, structure.docs);
  const type = textOf(structure.type, "type alias's type");
  out.write(`${structure.isExported === true ? "export " : ""}type ${structure.name} = ${type};`);
}

function printVariableStatement(out: Output, structure: VariableStatementStructure): void {
  printDocs(out, structure.docs);
  const [declaration, ...others] = structure.declarations;
  if (declaration === undefined || others.length > 0) {
    throw new Error("internal error: structure-text.ts prints variable statements of one declaration");
  }
  const initializer = textOf(declaration.initializer, "initializer");
  const keyword = structure.declarationKind ?? "let";
  out.write(`${structure.isExported === true ? "export " : ""}${keyword} ${declaration.name} = ${initializer};`);
}

function printFunction(out: Output, structure: FunctionDeclarationStructure): void {
  printDocs(out, structure.docs);
  const parameters = (structure.parameters ?? [])
    .map((parameter) => `${parameter.name}: ${textOf(parameter.type, "parameter type")}`)
    .join(", ");
  const returns = textOf(structure.returnType, "return type");
  out.write(
    `${structure.isExported === true ? "export " : ""}function ${structure.name ?? ""}(${parameters}): ${returns} {`,
  );
  out.newLine();
  out.level += 1;
  const body = structure.statements;
  if (!Array.isArray(body)) throw new Error("internal error: structure-text.ts needs a function body as a list");
  printStatementList(out, body as readonly Statement[]);
  out.level -= 1;
  out.newLineIfLastNot();
  out.write("}");
}

function printImport(out: Output, structure: ImportDeclarationStructure): void {
  const what =
    structure.namespaceImport !== undefined
      ? `* as ${structure.namespaceImport}`
      : `{ ${namedSpecifiers(structure.namedImports)} }`;
  out.write(`import ${structure.isTypeOnly === true ? "type " : ""}${what} from "${structure.moduleSpecifier}";`);
}

function printExport(out: Output, structure: ExportDeclarationStructure): void {
  const what =
    structure.namespaceExport !== undefined
      ? `* as ${structure.namespaceExport}`
      : `{ ${namedSpecifiers(structure.namedExports)} }`;
  out.write(`export ${structure.isTypeOnly === true ? "type " : ""}${what} from "${structure.moduleSpecifier ?? ""}";`);
}

function namedSpecifiers(specifiers: unknown): string {
  if (!Array.isArray(specifiers)) throw new Error("internal error: structure-text.ts needs named imports as a list");
  return specifiers
    .map((spec: unknown) => {
      if (typeof spec === "string") return spec;
      const named = spec as { name: string; isTypeOnly?: boolean };
      return `${named.isTypeOnly === true ? "type " : ""}${named.name}`;
    })
    .join(", ");
}
