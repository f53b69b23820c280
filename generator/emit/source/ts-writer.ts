/**
 * The writer every emitter prints TypeScript with: an array of lines plus an indentation level, joined once at the
 * end. It replaces code-block-writer (ts-morph's printer), which scans every character it is given to track
 * strings and comments: on GitHub's schema that scan alone cost ~300 ms and most of the garbage collection of the
 * whole emit, while the emitters only ever hand it complete, already laid-out lines
 * (docs/adr/0040-typescript-emission-without-ts-morph-at-runtime.md).
 */
import { docCommentLines, type DocParts } from "./doc-comment.js";
import { headerLines, type HeaderFacts } from "./header.js";
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

export function createTsWriter(header: HeaderFacts): TsWriter {
  const writer = new TsWriter();
  for (const line of headerLines(header)) writer.writeLine(line);
  return writer;
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

/** The file's text, ending in exactly one newline. */
export function finish(writer: TsWriter): string {
  return writer.toString();
}
