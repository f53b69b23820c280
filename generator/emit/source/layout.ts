/**
 * A tiny expression layout engine that breaks lines where prettier (printWidth 120, trailing commas "all") breaks
 * them, for the few expression shapes the emitters produce: calls, object literals, array literals and atoms.
 * It lets emitters write already-formatted code in one linear pass instead of paying for a prettier run on
 * megabyte-sized outputs (docs/adr/0041-prettier-stable-emission.md).
 */

export const PRINT_WIDTH_CHARS = 120;
const INDENT_CHARS = 2;

export type Expr =
  | { readonly kind: "atom"; readonly text: string; readonly isString?: boolean }
  | { readonly kind: "call"; readonly callee: string; readonly args: readonly Expr[] }
  | {
      readonly kind: "object";
      readonly entries: readonly (readonly [key: string, value: Expr])[];
      readonly expanded?: boolean;
    }
  | { readonly kind: "array"; readonly items: readonly Expr[] };

export const atom = (text: string): Expr => ({ kind: "atom", text });
export const stringAtom = (text: string): Expr => ({ kind: "atom", text, isString: true });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: "call", callee, args });
export const array = (items: readonly Expr[]): Expr => ({ kind: "array", items });
/** An object literal; `expanded` keeps it one property per line, as prettier does when the source had a newline. */
export const object = (entries: readonly (readonly [string, Expr])[], expanded = false): Expr => ({
  kind: "object",
  entries,
  expanded,
});

/**
 * The expression on one line, or undefined when it contains a forced line break or would be longer than
 * `maxChars`. The limit keeps the layout linear: a large object that cannot fit is abandoned after about one line's
 * worth of text instead of being flattened whole at every nesting level.
 */
export function flat(expr: Expr, maxChars = Number.POSITIVE_INFINITY): string | undefined {
  switch (expr.kind) {
    case "atom":
      return expr.text.length <= maxChars ? expr.text : undefined;
    case "call": {
      const args = flatAll(expr.args, maxChars - expr.callee.length - 2, 2);
      return args === undefined ? undefined : `${expr.callee}(${args.join(", ")})`;
    }
    case "array": {
      const items = flatAll(expr.items, maxChars - 2, 2);
      return items === undefined ? undefined : `[${items.join(", ")}]`;
    }
    case "object": {
      if (expr.entries.length === 0) return maxChars >= 2 ? "{}" : undefined;
      if (expr.expanded === true) return undefined;
      const parts: string[] = [];
      let length = 4; // "{ " and " }"
      for (const [key, value] of expr.entries) {
        const text = flat(value, maxChars - length - key.length - 2);
        if (text === undefined) return undefined;
        const part = `${key}: ${text}`;
        length += part.length + (parts.length > 0 ? 2 : 0);
        if (length > maxChars) return undefined;
        parts.push(part);
      }
      return `{ ${parts.join(", ")} }`;
    }
  }
}

/** Each expression flat, or undefined when one cannot be or all of them, `separatorChars` apart, exceed `maxChars`. */
function flatAll(
  exprs: readonly Expr[],
  maxChars = Number.POSITIVE_INFINITY,
  separatorChars = 2,
): string[] | undefined {
  const out: string[] = [];
  let length = 0;
  for (const expr of exprs) {
    const separator = out.length > 0 ? separatorChars : 0;
    const text = flat(expr, maxChars - length - separator);
    if (text === undefined) return undefined;
    length += text.length + separator;
    if (length > maxChars) return undefined;
    out.push(text);
  }
  return out;
}

/**
 * Prints `expr` starting at column `column` (the text before it on its line is already written), with `suffix`
 * characters (like `,` or `;`) following it on its last line. Continuation lines are indented by `indent` spaces.
 */
export function print(expr: Expr, indent: number, column: number, suffix = 0): string {
  const oneLine = flat(expr, PRINT_WIDTH_CHARS - column - suffix);
  if (oneLine !== undefined) return oneLine;
  switch (expr.kind) {
    case "atom":
      return expr.text; // atoms cannot break; prettier leaves long strings long too
    case "object":
      return printObjectBroken(expr, indent);
    case "array":
      return printListBroken("[", expr.items, "]", indent);
    case "call":
      return printCallBroken(expr, indent, column, suffix);
  }
}

function printObjectBroken(expr: Extract<Expr, { kind: "object" }>, indent: number): string {
  if (expr.entries.length === 0) return "{}";
  const inner = indent + INDENT_CHARS;
  const pad = " ".repeat(inner);
  let out = "{\n";
  for (const [key, value] of expr.entries) {
    out += pad + printProperty(key, value, inner) + ",\n";
  }
  return out + " ".repeat(indent) + "}";
}

/** `key: value` at indentation `indent`; a string too long for the line moves below its key, as prettier does. */
export function printProperty(key: string, value: Expr, indent: number): string {
  const column = indent + key.length + 2;
  const oneLine = flat(value);
  if (
    value.kind === "atom" &&
    value.isString === true &&
    oneLine !== undefined &&
    column + oneLine.length + 1 > PRINT_WIDTH_CHARS &&
    key.length >= INDENT_CHARS
  ) {
    return `${key}:\n${" ".repeat(indent + INDENT_CHARS)}${oneLine}`;
  }
  return `${key}: ${print(value, indent, column, 1)}`;
}

function printListBroken(open: string, items: readonly Expr[], close: string, indent: number): string {
  if (items.length === 0) return open + close;
  const inner = indent + INDENT_CHARS;
  const pad = " ".repeat(inner);
  let out = open + "\n";
  for (const item of items) out += pad + print(item, inner, inner, 1) + ",\n";
  return out + " ".repeat(indent) + close;
}

function isHuggable(expr: Expr | undefined): boolean {
  if (expr === undefined) return false;
  if (expr.kind === "object") return expr.entries.length > 0;
  if (expr.kind === "array") return expr.items.length > 0;
  return false;
}

/**
 * Prettier's call layouts: keep every argument but the last on the first line and expand the last one when it is
 * a non-empty object or array ("hugging"); otherwise put each argument on its own line.
 */
function printCallBroken(
  expr: Extract<Expr, { kind: "call" }>,
  indent: number,
  column: number,
  suffix: number,
): string {
  const last = expr.args[expr.args.length - 1];
  if (isHuggable(last)) {
    const leading = flatAll(expr.args.slice(0, -1));
    if (leading !== undefined) {
      const head = `${expr.callee}(${leading.map((arg) => arg + ", ").join("")}`;
      const hugged = print(last as Expr, indent, column + head.length, suffix + 1);
      const firstLine = head + (hugged.split("\n", 1)[0] ?? "");
      if (column + firstLine.length <= PRINT_WIDTH_CHARS || !hugged.includes("\n")) return head + hugged + ")";
    }
  }
  return printListBroken(`${expr.callee}(`, expr.args, ")", indent);
}
