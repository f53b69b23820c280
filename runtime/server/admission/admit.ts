// One gate for every operation, over HTTP and WebSocket alike: persisted-only check, parse, graphql-js
// validation, then the size limits. Returns what graphql-js needs to run it, or the errors to send back.
import { GraphQLError, getOperationAST, parse, specifiedRules, validate } from "graphql";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, OperationTypeNode } from "graphql";
import type { ServerLimits } from "../config/limits.js";
import { apiError } from "../errors/index.js";
import { measuredOperation, operationSize } from "./operation-size.js";
import type { OperationSize } from "./operation-size.js";
import type { PersistedOperations } from "./persisted-operations.js";

export interface OperationRequest {
  readonly query: string | null | undefined;
  readonly operationName: string | null | undefined;
  readonly variables: { readonly [name: string]: unknown } | null | undefined;
  readonly extensions: { readonly [name: string]: unknown } | null | undefined;
}

export interface AdmittedOperation {
  readonly document: DocumentNode;
  readonly kind: OperationTypeNode;
}

export interface Gate {
  readonly schema: GraphQLSchema;
  readonly limits: ServerLimits;
  readonly persisted: PersistedOperations | null;
  /** Documents that parsed and validated, by source text (see ValidatedDocuments). */
  readonly documents: ValidatedDocuments;
}

/** Distinct operation texts whose parse and validation results are kept. */
export const validated_documents_max = 1000;

/**
 * Clients send the same few operation texts over and over; parsing and validating one costs more than running a
 * small mutation. Kept: documents that passed validation against this schema (the schema never changes while the
 * daemon runs), at most validated_documents_max, the oldest dropped first. With each, per operation name, the
 * operation and its size when no variable changes it; a size that depends on variables (page sizes) is measured
 * per request.
 */
export class ValidatedDocuments {
  private readonly bySource = new Map<string, ValidatedDocument>();

  get(source: string): ValidatedDocument | undefined {
    return this.bySource.get(source);
  }

  add(source: string, document: DocumentNode): ValidatedDocument {
    if (this.bySource.size >= validated_documents_max) {
      const oldest = this.bySource.keys().next();
      if (oldest.done !== true) this.bySource.delete(oldest.value);
    }
    const validated: ValidatedDocument = { document, operations: new Map() };
    this.bySource.set(source, validated);
    return validated;
  }
}

export interface ValidatedDocument {
  readonly document: DocumentNode;
  /** By operationName (null when none is given); only names the document defines get an entry. */
  readonly operations: Map<string | null, KnownOperation>;
}

interface KnownOperation {
  readonly operation: OperationDefinitionNode;
  /** Null when the size depends on the request's variables. */
  readonly size: OperationSize | null;
}

export function admit(gate: Gate, request: OperationRequest): AdmittedOperation | readonly GraphQLError[] {
  let source = request.query;
  if (gate.persisted !== null) {
    const resolved = gate.persisted.resolve(request.query, request.extensions?.["documentId"]);
    if (resolved instanceof GraphQLError) return [resolved];
    source = resolved;
  }
  if (typeof source !== "string") return [apiError("INVALID_INPUT", 'the request needs "query", a GraphQL document as a string')];
  let validated = gate.documents.get(source);
  if (validated === undefined) {
    let document: DocumentNode;
    try {
      // Token limit: a cheap bound on parser work before validation sees the document.
      document = parse(source, { maxTokens: gate.limits.queryCostMax * 10 + 1000 });
    } catch (error) {
      return [error instanceof GraphQLError ? withInvalidInput(error) : apiError("INVALID_INPUT", String(error))];
    }
    const errors = validate(gate.schema, document, specifiedRules);
    if (errors.length > 0) return errors.map(withInvalidInput);
    validated = gate.documents.add(source, document);
  }
  const { document } = validated;
  const name = request.operationName ?? null;
  let known = validated.operations.get(name);
  let size: OperationSize;
  if (known !== undefined) {
    size = known.size ?? operationSize(known.operation, document, request.variables, gate.limits.pageSizeMax);
  } else {
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (operation === null || operation === undefined) {
      return [apiError("INVALID_INPUT", request.operationName ? `no operation named ${JSON.stringify(request.operationName)} in the document` : "the document has several operations; name the one to run in operationName")];
    }
    const measured = measuredOperation(operation, document, request.variables, gate.limits.pageSizeMax);
    size = measured.size;
    known = { operation, size: measured.dependsOnVariables ? null : measured.size };
    validated.operations.set(name, known);
  }
  if (size.depth > gate.limits.queryDepthMax) {
    return [
      apiError(
        "INVALID_INPUT",
        `the operation nests fields ${size.depth} deep, more than queryDepthMax (${gate.limits.queryDepthMax}); ` +
          `split it into several requests, or start jitosd with a larger --query-depth-max`,
      ),
    ];
  }
  if (size.cost > gate.limits.queryCostMax) {
    return [
      apiError(
        "INVALID_INPUT",
        `the operation's estimated cost is ${size.cost}, more than queryCostMax (${gate.limits.queryCostMax}): each ` +
          `field counts 1 and a page's items count once per item asked for; ask for smaller pages (first) or fewer ` +
          `fields, or start jitosd with a larger --query-cost-max`,
      ),
    ];
  }
  return { document, kind: known.operation.operation };
}

function withInvalidInput(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    extensions: { ...error.extensions, code: "INVALID_INPUT" },
  });
}
