// Compiled execution of admitted operations (docs/adr/0104-compiled-execution-of-admitted-operations.md).
// Clients send the same few documents over and over; graphql-js interprets each one anew (it coerces variables
// through the type tree, collects fields and walks the selection set per request), which costs more CPU than
// the kernel's own work for a small mutation. graphql-jit compiles an operation once into a JavaScript function
// that does the same with the schema's own resolvers, scalars and type resolvers.
//
// The answers must not change, so the compiled path is used only where it is known to agree with graphql-js:
//  - only documents that passed admission (parsed, validated, cached) and ran at least once the plain way;
//  - never subscriptions, and never operations whose variables reach a @oneOf input type (graphql-jit does not
//    enforce @oneOf when it coerces variables);
//  - when graphql-jit rejects the variables, nothing has run yet, so graphql-js runs the operation instead and
//    its errors (message, locations) are the ones sent;
//  - variables are what the transports decode from JSON (no undefined values: graphql-jit would pass a field set
//    to undefined on to the resolver, where graphql-js drops it and applies the field's default);
//  - errors raised while executing are rebuilt as graphql-js GraphQLErrors (same message, locations, path,
//    extensions and originalError), and results keep graphql-js's key order ({errors, data}).
import { compileQuery, isCompiledQuery } from "graphql-jit";
import type { CompiledQuery } from "graphql-jit";
import { GraphQLError, execute, getNamedType, isInputObjectType, typeFromAST } from "graphql";
import type {
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  GraphQLInputObjectType,
  GraphQLSchema,
  OperationDefinitionNode,
} from "graphql";

/** Plain graphql-js executions of one operation before it is compiled: one-off documents are never compiled. */
export const executions_before_compiling = 1;

type PromiseOrValue<T> = T | Promise<T>;

/** Per operation of a document: how often it ran the plain way, then its compiled form (or null: never compile). */
interface OperationState {
  plainRuns: number;
  compiled: CompiledQuery | null | undefined;
}

export class OperationExecutor {
  /**
   * Keyed by the admitted DocumentNode, so an entry lives as long as the admission cache keeps that document
   * (at most validated_documents_max of them) and no longer.
   */
  private readonly byDocument = new WeakMap<DocumentNode, Map<string | null, OperationState>>();
  private compiledCount = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    /** Tests compile on first use (0) so every step of a differential run takes the compiled path. */
    private readonly plainRunsFirst: number = executions_before_compiling,
  ) {}

  /** Operations compiled so far (each document and operation name once). */
  get compiledOperations(): number {
    return this.compiledCount;
  }

  /** graphql-js's `execute`, with the same arguments and the same answers; see the header for when it compiles. */
  readonly execute = (args: ExecutionArgs): PromiseOrValue<ExecutionResult> => {
    const compiled = args.schema === this.schema ? this.compiledFor(args.document, args.operationName) : null;
    if (compiled === null) return execute(args);
    const result = compiled.query(args.rootValue, args.contextValue, args.variableValues);
    return result instanceof Promise ? result.then((settled) => this.answer(settled, args)) : this.answer(result, args);
  };

  private answer(result: ExecutionResult, args: ExecutionArgs): PromiseOrValue<ExecutionResult> {
    // No `data` at all: the variables were refused before any resolver ran. graphql-js's messages are the API's.
    if (!("data" in result)) return execute(args);
    if (result.errors === undefined || result.errors.length === 0) return { data: result.data };
    return { errors: result.errors.map(asGraphqlJsError), data: result.data };
  }

  private compiledFor(document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null {
    let operations = this.byDocument.get(document);
    if (operations === undefined) this.byDocument.set(document, (operations = new Map()));
    const key = operationName ?? null; // "" is a name (no operation has it), not the absence of one
    let state = operations.get(key);
    if (state === undefined) operations.set(key, (state = { plainRuns: 0, compiled: undefined }));
    if (state.compiled !== undefined) return state.compiled;
    if (state.plainRuns < this.plainRunsFirst) {
      state.plainRuns += 1;
      return null;
    }
    state.compiled = this.compile(document, operationName ?? undefined);
    if (state.compiled !== null) this.compiledCount += 1;
    return state.compiled;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    const operation = operationOf(document, operationName);
    if (operation === null || operation.operation === "subscription") return null;
    if (variablesReachOneOf(this.schema, operation)) return null;
    let compiled: CompiledQuery | ExecutionResult;
    try {
      compiled = compileQuery(this.schema, document, operationName) as CompiledQuery | ExecutionResult;
    } catch {
      return null; // graphql-jit cannot compile it: graphql-js runs it, as before
    }
    return isCompiledQuery(compiled) ? compiled : null;
  }
}

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | null {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition",
  );
  if (operationName === undefined) return operations.length === 1 ? operations[0]! : null;
  return operations.find((operation) => operation.name?.value === operationName) ?? null;
}

/** True when a variable's type is, or contains at any depth, an input object marked @oneOf. */
function variablesReachOneOf(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const seen = new Set<GraphQLInputObjectType>();
  const reaches = (type: GraphQLInputObjectType): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    if (type.isOneOf) return true;
    return Object.values(type.getFields()).some((field) => {
      const named = getNamedType(field.type);
      return isInputObjectType(named) && reaches(named);
    });
  };
  return (operation.variableDefinitions ?? []).some((definition) => {
    const type = typeFromAST(schema, definition.type);
    const named = type === undefined ? undefined : getNamedType(type);
    return isInputObjectType(named) && reaches(named);
  });
}

/** graphql-jit's error objects as graphql-js builds them for a resolver error (locatedError). */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  const rebuilt = new GraphQLError(error.message, {
    path: error.path ?? undefined,
    ...(original !== undefined && { originalError: original }),
    ...(error.extensions !== undefined && { extensions: error.extensions }),
  });
  // graphql-js derives locations from the field nodes; graphql-jit computed the same ones from the same nodes.
  (rebuilt as { locations: GraphQLError["locations"] }).locations = error.locations;
  return rebuilt;
}
