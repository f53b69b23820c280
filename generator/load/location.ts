import type { ASTNode } from "graphql";
import type { SourceLocation } from "../ir/types.js";

/** Where a parsed node starts (its source's name is the file path relative to the working directory). */
export function locationOf(node: ASTNode): SourceLocation {
  const loc = node.loc;
  // Every document is parsed with locations on; a node without one is a programming error, not user input.
  if (loc === undefined) throw new Error(`internal: AST node ${node.kind} has no location`);
  return { file: loc.source.name, line: loc.startToken.line, column: loc.startToken.column };
}

export function formatLocation(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}
