import { parse } from "graphql";
import { documentConstName, methodName, resultTypeName, variablesTypeName } from "../naming/operation-names.js";
import type { OperationSet } from "../operations/operation-set.js";
import { stringLiteral } from "../types/literals.js";

/**
 * Fixed part of documents.ts. TypedDocument is structurally the `TypedDocumentNode` of
 * @graphql-typed-document-node/core (a DocumentNode plus the phantom `__apiType`), defined here so the output has
 * no dependency; at run time each document is a real graphql-js DocumentNode (AST without locations).
 */
const DOCUMENTS_PRELUDE = `
/** A GraphQL document that carries its result and variables types, like TypedDocumentNode. */
export interface TypedDocument<Result, Variables> {
  readonly kind: "Document";
  readonly definitions: readonly object[];
  /** Phantom member: types only, never present at run time. */
  readonly __apiType?: (variables: Variables) => Result;
}

/** An operation as the client sends it: the exact source text, its persisted id, and its document. */
export interface Operation<Result, Variables> {
  readonly name: string;
  readonly kind: "query" | "mutation" | "subscription";
  /** Exactly the text sent to the server and stored in persisted-operations.json. */
  readonly source: string;
  /** BLAKE3-256 of source (UTF-8), 64 lowercase hex characters. */
  readonly id: string;
  readonly document: TypedDocument<Result, Variables>;
  readonly __apiType?: (variables: Variables) => Result;
}

/** The result type of a TypedDocument or Operation. */
export type ResultOf<T> = T extends { readonly __apiType?: (variables: never) => infer Result } ? Result : never;
/** The variables type of a TypedDocument or Operation. */
export type VariablesOf<T> = T extends { readonly __apiType?: (variables: infer Variables) => unknown } ? Variables : never;

function $operation<Result, Variables>(
  name: string,
  kind: "query" | "mutation" | "subscription",
  id: string,
  source: string,
  document: TypedDocument<Result, Variables>,
): Operation<Result, Variables> {
  return { name, kind, id, source, document };
}
`;

export function emitDocumentsFile(header: string, operations: OperationSet): string {
  const documents = operations.operations.map((operation) => {
    const ast = JSON.stringify(parse(operation.source, { noLocation: true }));
    const type = `TypedDocument<types.${resultTypeName(operation.name, operation.kind)}, types.${variablesTypeName(operation.name, operation.kind)}>`;
    return `export const ${documentConstName(operation.name, operation.kind)}: ${type} = ${ast};`;
  });
  const entries = operations.operations.map(
    (operation) =>
      `  ${methodName(operation.name)}: $operation(${[operation.name, operation.kind, operation.id, operation.source].map(stringLiteral).join(", ")}, ${documentConstName(operation.name, operation.kind)}),`,
  );
  return [
    header,
    'import type * as types from "./types.js";',
    DOCUMENTS_PRELUDE,
    documents.join("\n\n"),
    "",
    "/** Every operation by client method name. */",
    `export const operations = {\n${entries.join("\n")}\n} as const;`,
    "",
  ].join("\n");
}
