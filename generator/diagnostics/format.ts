import type { Diagnostic } from "./diagnostic.js";
import { formatLocation, sortDiagnostics } from "./diagnostic.js";

/** Lines shown before the offending line in a code frame (the line after is shown too when it exists). */
const CONTEXT_LINES_BEFORE = 1;
/** Longer source lines are cut around the caret so a minified file cannot flood the terminal. */
const FRAME_LINE_CHARS_MAX = 160;

const ANSI = { red: "\x1b[31m", yellow: "\x1b[33m", cyan: "\x1b[36m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

/**
 * Renders diagnostics for a terminal:
 *
 *   schema/ops.graphql:12:3: error WESLEY_DUPLICATE_FIELD: Field "Task.title" is defined twice ...
 *      11 |   "Short name."
 *   >  12 |   title: String!
 *         |   ^
 *      13 | }
 *     hint: Remove one of the two definitions.
 *
 * `readSource` returns a file's text (undefined when unknown: the frame is then left out).
 */
export function formatDiagnostics(
  ds: readonly Diagnostic[],
  readSource: (file: string) => string | undefined,
  opts: { color?: boolean } = {},
): string {
  const paint = opts.color === true ? (style: keyof typeof ANSI, s: string) => ANSI[style] + s + ANSI.reset : (_: keyof typeof ANSI, s: string) => s;
  const lineCache = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string): readonly string[] | undefined => {
    if (!lineCache.has(file)) {
      const text = readSource(file);
      lineCache.set(file, text === undefined ? undefined : text.split(/\r\n|\r|\n/));
    }
    return lineCache.get(file);
  };

  const blocks = sortDiagnostics(ds).map((d) => {
    const out: string[] = [];
    const where = d.location ? `${formatLocation(d.location)}: ` : "";
    const severity = d.severity === "error" ? paint("red", "error") : paint("yellow", "warning");
    out.push(`${paint("bold", where)}${severity} ${paint("dim", d.code)}: ${d.message}`);
    if (d.location) {
      const lines = linesOf(d.location.file);
      if (lines) out.push(...codeFrame(lines, d.location.line, d.location.column, paint));
    }
    if (d.hint !== undefined) out.push(`  ${paint("cyan", "hint:")} ${d.hint}`);
    return out.join("\n");
  });
  return blocks.length === 0 ? "" : blocks.join("\n\n") + "\n";
}

function codeFrame(
  lines: readonly string[],
  line: number,
  column: number,
  paint: (style: keyof typeof ANSI, s: string) => string,
): string[] {
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - CONTEXT_LINES_BEFORE);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const { start } = visibleWindow(lines[line - 1] ?? "", column);
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = clip(lines[n - 1] ?? "", start);
    const marker = n === line ? ">" : " ";
    out.push(`${paint("dim", `${marker} ${String(n).padStart(width)} |`)}${text === "" ? "" : " " + text}`);
    if (n === line) {
      // Keep tabs under tabs so the caret lines up whatever the terminal's tab width.
      const before = (lines[n - 1] ?? "").slice(start, Math.max(start, column - 1)).replace(/[^\t]/g, " ");
      out.push(`${paint("dim", `  ${" ".repeat(width)} |`)} ${before}${paint("red", "^")}`);
    }
  }
  return out;
}

function visibleWindow(text: string, column: number): { start: number } {
  if (text.length <= FRAME_LINE_CHARS_MAX || column <= FRAME_LINE_CHARS_MAX / 2) return { start: 0 };
  return { start: Math.max(0, column - 1 - FRAME_LINE_CHARS_MAX / 2) };
}

function clip(text: string, start: number): string {
  const slice = text.slice(start, start + FRAME_LINE_CHARS_MAX);
  return slice.replace(/\s+$/, "");
}
