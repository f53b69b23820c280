import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from "graphql";
import type { DomainSurface } from "../domain/domain-surface.js";
import type { OperationKind } from "../naming/operation-names.js";

/** One named operation of the documents, with the exact text a client sends and the server's manifest holds. */
export interface ClientOperation {
  readonly name: string;
  readonly kind: OperationKind;
  readonly definition: OperationDefinitionNode;
  /** The operation printed by graphql-js, then every fragment it uses (transitively) sorted by name. */
  readonly source: string;
  /** BLAKE3-256 of `source` as UTF-8, 64 lowercase hex characters: the persisted operation id. */
  readonly id: string;
}

/** Validated operation documents: what the client emitter needs besides the IR. */
export interface OperationSet {
  /** Sorted by operation name (code-unit order). */
  readonly operations: readonly ClientOperation[];
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** All documents merged, as validated. */
  readonly document: DocumentNode;
  /** The domain client (ADR 0110), when the schema has domain op mutations. */
  readonly domain?: DomainSurface;
}
