import { methodName, resultTypeName, variablesTypeName } from "../naming/operation-names.js";
import type { ClientOperation, OperationSet } from "../operations/operation-set.js";
import { hasRequiredVariables } from "../types/input-types.js";
import { CLIENT_RUNTIME } from "./client-runtime.js";

/** client.ts: the fixed transport runtime, then `Client` with one typed method per operation, and createClient. */
export function emitClientFile(header: string, operations: OperationSet): string {
  const signatures = operations.operations.map((operation) => `  ${docLine(operation)}\n  ${signature(operation)};`);
  const implementations = operations.operations.map(implementation);
  return [
    header,
    'import type * as types from "./types.js";',
    'import { operations } from "./documents.js";',
    CLIENT_RUNTIME,
    "/** The generated client: one method per operation, plus execute/subscribe for any Operation and close(). */",
    `export interface Client extends ClientCore {\n${signatures.join("\n")}\n}`,
    "",
    "/** Creates a client; nothing connects until the first request (HTTP) or the first subscription read (WebSocket). */",
    "export function createClient(options: ClientOptions): Client {",
    "  const core = createClientCore(options);",
    "  return {",
    "    execute: core.execute,",
    "    subscribe: core.subscribe,",
    "    close: core.close,",
    ...implementations.map((line) => `    ${line}`),
    "  };",
    "}",
    "",
  ].join("\n");
}

function docLine(operation: ClientOperation): string {
  const how = operation.kind === "subscription" ? "Subscribes to" : "Runs";
  return `/** ${how} ${operation.kind} ${operation.name} (persisted id ${operation.id.slice(0, 16)}...). */`;
}

function signature(operation: ClientOperation): string {
  const result = `types.${resultTypeName(operation.name, operation.kind)}`;
  const variables = `types.${variablesTypeName(operation.name, operation.kind)}`;
  const optional = hasRequiredVariables(operation.definition) ? "" : "?";
  const method = methodName(operation.name);
  if (operation.kind === "subscription")
    return `${method}(variables${optional}: ${variables}): Subscription<${result}>`;
  return `${method}(variables${optional}: ${variables}, headers?: HeadersInput): Promise<${result}>`;
}

function implementation(operation: ClientOperation): string {
  const method = methodName(operation.name);
  const variables = hasRequiredVariables(operation.definition) ? "variables" : "variables = {}";
  if (operation.kind === "subscription") {
    return `${method}: (${variables}) => core.subscribe(operations.${method}, variables),`;
  }
  return `${method}: (${variables}, headers) => core.execute(operations.${method}, variables, headers),`;
}
