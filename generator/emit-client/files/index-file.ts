/** index.ts: the client's public surface; schema-derived names stay inside the `types` and `documents` namespaces. */
export function emitIndexFile(header: string): string {
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
    "",
  ].join("\n");
}
