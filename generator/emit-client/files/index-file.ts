/**
 * index.ts: the client's public surface; schema-derived names stay inside the `types`, `documents`, `domain` and
 * `domainTypes` namespaces (the last two only when the schema has domain ops, ADR 0110).
 */
export function emitIndexFile(header: string, hasDomain: boolean): string {
  const domain = [
    'export { createDomainClient, domainOperations } from "./domain.js";',
    'export type { DomainClient, DomainClientOptions, View } from "./domain.js";',
    'export * as domain from "./domain.js";',
    'export * as domainTypes from "./domain-types.js";',
  ];
  return [
    header,
    'export { createClient, GraphQLClientError } from "./client.js";',
    "export type {",
    "  Client,",
    "  ClientCore,",
    "  ClientErrorCode,",
    "  ClientOptions,",
    "  FetchLike,",
    "  GraphQLErrorPayload,",
    "  HeadersInput,",
    "  Subscription,",
    "  WebSocketConstructor,",
    '} from "./client.js";',
    'export { operations } from "./documents.js";',
    'export type { Operation, ResultOf, TypedDocument, VariablesOf } from "./documents.js";',
    'export * as documents from "./documents.js";',
    'export * as types from "./types.js";',
    ...(hasDomain ? domain : []),
    "",
  ].join("\n");
}
