/**
 * Diagnostic codes of `wesley build --target client` (operation documents). Like the front end's codes
 * (generator/diagnostics/codes.ts) they are a stable interface: tests and tools key on them, messages may change.
 */
export const CLIENT_DIAGNOSTIC_CODES = {
  WESLEY_CLIENT_NO_DOCUMENTS: "no operation documents were given (--documents)",
  WESLEY_CLIENT_DOCUMENT_PATTERN_UNMATCHED: "a document file, folder or glob matched no file",
  WESLEY_CLIENT_DOCUMENT_UNREADABLE: "a document file could not be read or is too large",
  WESLEY_CLIENT_SYNTAX_ERROR: "a document is not valid GraphQL syntax",
  WESLEY_CLIENT_INVALID_OPERATION: "an operation breaks a GraphQL validation rule against the schema",
  WESLEY_CLIENT_ANONYMOUS_OPERATION: "an operation has no name, so it cannot become a client method",
  WESLEY_CLIENT_NAME_COLLISION: "two operations map to the same method or type name",
  WESLEY_CLIENT_RESERVED_NAME: "an operation's method or type name is reserved by the generated client",
  WESLEY_CLIENT_NO_OPERATIONS: "the documents hold fragments but no operation",
} as const;

export type ClientDiagnosticCode = keyof typeof CLIENT_DIAGNOSTIC_CODES;
