/**
 * Literals written exactly as prettier (printWidth 120, double quotes) would print them, so generated files are
 * already formatted and never need a prettier pass (docs/adr/0041-prettier-stable-emission.md).
 */

/** A string literal: double quotes unless the text holds more `"` than `'` (prettier's rule, fewer escapes). */
export function stringLiteral(text: string): string {
  // Nearly every emitted string (names, ids) has nothing to escape: skip the per-character walk for those.
  if (!NEEDS_ESCAPING.test(text)) return `"${text}"`;
  const doubles = countOf(text, '"');
  const singles = countOf(text, "'");
  const quote = doubles > singles ? "'" : '"';
  let body = "";
  for (const char of text) body += escapeChar(char, quote);
  return quote + body + quote;
}

/** Characters stringLiteral may have to escape or that decide the quote: quotes, backslash, controls, separators, surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they must be escaped.
const NEEDS_ESCAPING = /["'\\\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff]/;

function countOf(text: string, char: string): number {
  let count = 0;
  for (const c of text) if (c === char) count += 1;
  return count;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
  "\v": "\\v",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function escapeChar(char: string, quote: string): string {
  if (char === quote) return "\\" + char;
  const named = NAMED_ESCAPES[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  // Other control characters and lone surrogates would be invisible or invalid in a UTF-8 file.
  if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) {
    return "\\u" + code.toString(16).padStart(4, "0");
  }
  return char;
}

/** A number literal as prettier prints it (lowercase exponent without `+`). Only finite numbers occur in the IR. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot emit non-finite number ${String(value)} as a literal`);
  if (Object.is(value, -0)) return "0";
  return String(value).replace("e+", "e");
}

/**
 * An object-literal key for a GraphQL name. GraphQL names are always valid identifier characters and reserved words
 * are legal as property names; only `__proto__` must be computed, because `{ __proto__: x }` sets the prototype
 * instead of defining a property.
 */
export function propertyKey(name: string): string {
  return name === "__proto__" ? `["__proto__"]` : name;
}
