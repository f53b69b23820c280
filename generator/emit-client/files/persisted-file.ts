import type { OperationSet } from "../operations/operation-set.js";

export const PERSISTED_OPERATIONS_FILE = "persisted-operations.json";
export const PERSISTED_OPERATIONS_FORMAT = "wesley-persisted-operations/v1";

/**
 * persisted-operations.json (docs/client.md, ADR 0082): operation id -> exact document text, sorted by id, for a
 * server that accepts only known operations (the documents' and the domain client's; equal sources share one id). JSON text: a server in any language can read it.
 */
export function emitPersistedOperationsFile(operations: OperationSet): string {
  // The domain client's generated operations are persisted too, so it works against a --persisted-only server.
  const all = [...operations.operations, ...(operations.domain?.methods.map((method) => method.operation) ?? [])];
  const byId = all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const manifest = {
    format: PERSISTED_OPERATIONS_FORMAT,
    algorithm: "blake3-256",
    operations: Object.fromEntries(byId.map((operation) => [operation.id, operation.source])),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
