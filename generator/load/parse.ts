import { GraphQLError, Source, parse } from "graphql";
import type { DocumentNode } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";

/**
 * Parses one SDL file; a syntax error becomes a located diagnostic so the caller can go on with the other files
 * (one file's typo must not hide another file's errors).
 */
export function parseSDL(text: string, file: string): { document: DocumentNode } | { diagnostic: Diagnostic } {
  try {
    return { document: parse(new Source(text, file)) };
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    const where = e.locations?.[0];
    return {
      diagnostic: error(
        "WESLEY_SYNTAX_ERROR",
        e.message.replace(/^Syntax Error: /, "Syntax error: "),
        where ? { file, line: where.line, column: where.column } : { file, line: 1, column: 1 },
        "Fix the syntax at the caret (often a missing brace, colon or closing quote just before it). The other files were checked on their own; checks across files (unknown types, registry coverage) run once every file parses.",
      ),
    };
  }
}
