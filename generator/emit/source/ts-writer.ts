/**
 * A line writer for the statement text ts-morph is handed where a structure cannot carry prettier's layout
 * (multi-line object initializers, method objects, the schema list's body; see files/declarations.ts): an array of
 * lines plus an indentation level, joined once. Whole files are printed by ts-morph (ts-morph-printer.ts).
 */
import { docCommentLines, type DocParts } from "./doc-comment.js";
import { print, type Expr } from "./layout.js";

const INDENT_CHARS = 2;

export class TsWriter {
  private readonly lines: string[] = [];
  private level = 0;

  /** Writes one or more lines (split on `\n`), each indented to the current level; empty lines stay empty. */
  writeLine(text: string): this {
    const pad = " ".repeat(this.level * INDENT_CHARS);
    for (const line of text.split("\n")) this.lines.push(line === "" ? "" : pad + line);
    return this;
  }

  /** One empty line, unless the previous line is already empty or nothing was written yet. */
  blankLine(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
    return this;
  }

  indent(body: () => void): this {
    this.level += 1;
    try {
      body();
    } finally {
      this.level -= 1;
    }
    return this;
  }

  getIndentationLevel(): number {
    return this.level;
  }

  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}

export function writeDocComment(writer: TsWriter, parts: DocParts): void {
  for (const line of docCommentLines(parts)) writer.writeLine(line);
}

/** Writes `prefix + expr + suffix` as one statement or property, broken over lines where prettier would break it. */
export function writeExpression(writer: TsWriter, prefix: string, expr: Expr, suffix: string): void {
  const indent = writer.getIndentationLevel() * 2;
  const text = print(expr, indent, indent + prefix.length, suffix.length);
  writer.writeLine(prefix + relativeToIndent(text, indent) + suffix);
}

/** The layout engine indents continuation lines absolutely; the writer adds its own indentation again. */
function relativeToIndent(text: string, indent: number): string {
  if (indent === 0 || !text.includes("\n")) return text;
  const pad = " ".repeat(indent);
  return text
    .split("\n")
    .map((line, index) => (index > 0 && line.startsWith(pad) ? line.slice(indent) : line))
    .join("\n");
}
