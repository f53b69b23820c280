/**
 * `wesley build --target client`: a typed client for any GraphQL schema and a set of operation documents
 * (docs/client.md). `loadOperations` reads and validates the documents (every error located); `emitClient` is a
 * pure function of the IR and the validated operations: same input, same bytes. A schema with domain op mutations
 * (jitosd's typed API) also gets a domain client, domain.ts + domain-types.ts (ADR 0110).
 */
import type { WesleyIR } from "../ir/types.js";
import { assignTypeNames } from "../emit/naming/type-names.js";
import { emitClientFile } from "./files/client-file.js";
import { emitDocumentsFile } from "./files/documents-file.js";
import { emitDomainFiles } from "./files/domain-file.js";
import { clientHeader } from "./files/header.js";
import { emitIndexFile } from "./files/index-file.js";
import { emitPersistedOperationsFile, PERSISTED_OPERATIONS_FILE } from "./files/persisted-file.js";
import { emitTypesFile } from "./files/types-file.js";
import type { OperationSet } from "./operations/operation-set.js";
import { schemaFromIR } from "./schema/schema-from-ir.js";
import { TypeContext } from "./types/type-context.js";

export { loadOperations } from "./operations/load-operations.js";
export type { OperationsOutcome, OperationsRequest } from "./operations/load-operations.js";
export type { ClientOperation, OperationSet } from "./operations/operation-set.js";
export {
  DOMAIN_INPUT_ARGUMENT,
  DOMAIN_VIEW_ARGUMENT,
  DOMAIN_VIEW_TYPE,
  isDomainOpMutation,
} from "./domain/domain-surface.js";
export type { DomainMethod, DomainSurface } from "./domain/domain-surface.js";
export { PERSISTED_OPERATIONS_FILE, PERSISTED_OPERATIONS_FORMAT } from "./files/persisted-file.js";
export { CLIENT_DIAGNOSTIC_CODES } from "./operations/codes.js";

export interface ClientEmitMeta {
  readonly schemaHash: string;
  readonly generatorVersion: string;
}

export interface EmittedFile {
  readonly path: string;
  readonly contents: string;
}

/** Prettier options matching the repository's config, passed explicitly so a user's config never changes the bytes. */
const PRETTIER_OPTIONS = { parser: "typescript", printWidth: 120 } as const;

/**
 * Every file of the client target, sorted by path. The TypeScript files are laid out by prettier (ADR 0080): the
 * shapes here are open-ended nested selection types, and the output is proportional to the documents, not the schema.
 */
export async function emitClient(ir: WesleyIR, operations: OperationSet, meta: ClientEmitMeta): Promise<EmittedFile[]> {
  const header = clientHeader(meta);
  const schema = schemaFromIR(ir);
  const context = new TypeContext(assignTypeNames(ir.types.map((type) => type.name)));
  const typeScript: EmittedFile[] = [
    { path: "client.ts", contents: emitClientFile(header, operations) },
    { path: "documents.ts", contents: emitDocumentsFile(header, operations) },
    { path: "index.ts", contents: emitIndexFile(header, operations.domain !== undefined) },
    { path: "types.ts", contents: emitTypesFile(header, operations, schema, context) },
  ];
  if (operations.domain !== undefined) {
    // A context of its own: domain-types.ts declares what the domain methods use, independent of the documents.
    const domainContext = new TypeContext(assignTypeNames(ir.types.map((type) => type.name)));
    const domain = emitDomainFiles(header, operations.domain, schema, domainContext);
    typeScript.push(
      { path: "domain.ts", contents: domain.domain },
      { path: "domain-types.ts", contents: domain.domainTypes },
    );
  }
  const { format } = await import("prettier");
  const formatted = await Promise.all(
    typeScript.map(async (file) => ({ path: file.path, contents: await format(file.contents, PRETTIER_OPTIONS) })),
  );
  const files = [...formatted, { path: PERSISTED_OPERATIONS_FILE, contents: emitPersistedOperationsFile(operations) }];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
