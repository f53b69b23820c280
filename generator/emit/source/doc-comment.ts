/**
 * JSDoc comments from GraphQL descriptions. Descriptions are arbitrary text: `*\/` would end the comment early and
 * U+2028/U+2029 are line terminators in JavaScript, so both are neutralised; everything else (backticks, `${`,
 * unicode) is harmless inside a block comment and kept as written.
 */

export interface DocParts {
  readonly description?: string | undefined;
  readonly deprecationReason?: string | undefined;
}

/** The comment's lines without indentation (`/**`, ` * text`, ` *\/`), or none when there is nothing to say. */
export function docCommentLines(parts: DocParts): string[] {
  const body = docCommentBody(parts);
  if (body.length === 0) return [];
  if (body.length === 1) return [`/** ${body[0]} */`];
  return ["/**", ...body.map((line) => (line === "" ? " *" : ` * ${line}`)), " */"];
}

/**
 * The JSDoc for a ts-morph structure's `docs` (ts-morph adds the `/**`, ` * ` and ` *\/` exactly as
 * docCommentLines does), or undefined when there is nothing to say.
 */
export function jsDocs(parts: DocParts): string[] | undefined {
  const body = docCommentBody(parts);
  return body.length === 0 ? undefined : [body.join("\n")];
}

/** The comment's text lines, safe inside a block comment, without the comment markers. */
function docCommentBody(parts: DocParts): string[] {
  const body: string[] = [];
  if (parts.description !== undefined && parts.description.trim() !== "")
    body.push(...commentSafeLines(parts.description));
  if (parts.deprecationReason !== undefined) {
    const [first = "", ...rest] = commentSafeLines(parts.deprecationReason);
    body.push(first === "" ? "@deprecated" : `@deprecated ${first}`, ...rest);
  }
  return body;
}

function commentSafeLines(text: string): string[] {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => line.replaceAll("*/", "*\\/").replace(/\s+$/u, ""));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
