import type { GraphQLObjectType, GraphQLSchema, OperationDefinitionNode } from "graphql";
import type { DomainMethod, DomainSurface } from "../domain/domain-surface.js";
import { DOMAIN_VIEW_TYPE, domainTypeNames } from "../domain/domain-surface.js";
import { closeOverInputs, variablesType } from "../types/input-types.js";
import { stringLiteral } from "../types/literals.js";
import { fieldValueType } from "../types/selection-types.js";
import type { TypeContext } from "../types/type-context.js";
import { docComment, namedTypeBlock } from "./types-file.js";

/** The namespace domain.ts imports domain-types.ts under; its own names can then never meet a schema type's. */
const SCHEMA_NAMESPACE = "schema";

/**
 * Fixed part of domain.ts: the options, the argument helpers and the mapping of subscription events to the field's
 * value. Kept as text like client.ts's runtime; type-checked by the tests that compile the emitted output.
 */
const DOMAIN_PRELUDE = `
/** A view of the kernel (SYSTEM, or one SWS): every domain method runs in one. */
export type View = ${SCHEMA_NAMESPACE}.${DOMAIN_VIEW_TYPE};

/** The arguments of a domain op besides \`input\`: the mutation's other arguments, with \`view\` defaulting to the client's. */
export type DomainOpArgs<Variables> = Omit<Variables, "view" | "input"> & { readonly view?: View };

/** The arguments of a subscription that takes a view: \`view\` defaults to the client's. */
export type ViewArgs<Variables> = Omit<Variables, "view"> & { readonly view?: View };

export interface DomainClientOptions extends ClientOptions {
  /** The view methods run in when a call names none, e.g. { kind: "SWS", swsId: "0" }. */
  readonly view: View;
}

function domainOperation<Result, Variables>(
  name: string,
  kind: "mutation" | "subscription",
  id: string,
  source: string,
): OperationRequest<Result, Variables> {
  return { name, kind, id, source };
}
`;

/** Only when the domain has subscriptions: an unused function would fail the caller's noUnusedLocals. */
const MAP_EVENTS = `
/** The events of \`source\`, each replaced by \`project(event)\`; return() ends \`source\` (unsubscribes). */
function mapEvents<From, To>(source: Subscription<From>, project: (event: From) => To): Subscription<To> {
  const mapped: Subscription<To> = {
    async next() {
      const step = await source.next();
      if (step.done === true) return { done: true, value: undefined };
      return { done: false, value: project(step.value) };
    },
    async return() {
      await source.return();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
`;

export interface DomainFiles {
  readonly domain: string;
  readonly domainTypes: string;
}

/**
 * domain.ts: the domain client (ADR 0110), one method per domain op mutation (`client.createTask(input)`) and per
 * subscription field, each resolving to the field's value; domain-types.ts: the schema types those use.
 */
export function emitDomainFiles(
  header: string,
  domain: DomainSurface,
  schema: GraphQLSchema,
  context: TypeContext,
): DomainFiles {
  const qualified = context.qualified(SCHEMA_NAMESPACE);
  const typeBlocks = domain.methods.map((method) => methodTypes(method, schema, qualified));
  // `View` aliases the view type; every domain op's variables use it anyway, this makes the alias valid by itself.
  const viewType = schema.getType(DOMAIN_VIEW_TYPE);
  if (viewType !== undefined && viewType !== null) qualified.reference(viewType);
  closeOverInputs(schema, context);
  const domainTypes = `${header}\n${context
    .used()
    .map((type) => namedTypeBlock(type, context))
    .join("\n\n")}\n`;

  const entries = domain.methods.map((method) => {
    const names = domainTypeNames(method.name, method.kind);
    const data = `{ readonly ${method.name}: ${names.result} }`;
    const op = method.operation;
    const values = [op.name, op.kind, op.id, op.source].map(stringLiteral).join(", ");
    return `  ${method.name}: domainOperation<${data}, ${names.variables}>(${values}),`;
  });
  const subscribes = domain.methods.some((method) => method.kind === "subscription");
  const domainText = [
    header,
    'import { createClientCore } from "./client.js";',
    `import type { ClientCore, ClientOptions, OperationRequest${subscribes ? ", Subscription" : ""} } from "./client.js";`,
    `import type * as ${SCHEMA_NAMESPACE} from "./domain-types.js";`,
    DOMAIN_PRELUDE + (subscribes ? MAP_EVENTS : ""),
    typeBlocks.join("\n\n"),
    "",
    "/** The operations the domain client sends, by method name; their ids are in persisted-operations.json. */",
    `export const domainOperations = {\n${entries.join("\n")}\n} as const;`,
    "",
    "/** The kernel's domain API, typed from the schema: one method per domain op and per subscription. */",
    "export interface DomainClient {",
    "  /** The view this client's methods run in unless a call names another. */",
    "  readonly view: View;",
    "  /** The same client (one connection, one set of options) running in another view. */",
    "  withView(view: View): DomainClient;",
    ...domain.methods.map((method) => `  ${methodDoc(method)}\n  ${signature(method)};`),
    "  /** Ends every subscription (their iterators finish) and closes the WebSocket. */",
    "  close(): void;",
    "}",
    "",
    "/** Creates a domain client bound to `options.view`; nothing connects until the first call. */",
    "export function createDomainClient(options: DomainClientOptions): DomainClient {",
    "  return bindView(createClientCore(options), options.view);",
    "}",
    "",
    "function bindView(core: ClientCore, view: View): DomainClient {",
    "  return {",
    "    view,",
    "    withView: (other) => bindView(core, other),",
    ...domain.methods.map((method) => `    ${implementation(method)}`),
    "    close: () => core.close(),",
    "  };",
    "}",
    "",
  ].join("\n");
  return { domain: domainText, domainTypes };
}

function methodTypes(method: DomainMethod, schema: GraphQLSchema, context: TypeContext): string {
  const root = (method.kind === "mutation" ? schema.getMutationType() : schema.getSubscriptionType()) as
    GraphQLObjectType | undefined;
  const definition: OperationDefinitionNode = method.operation.definition;
  const field = definition.selectionSet.selections[0];
  if (root === undefined || field?.kind !== "Field") throw new Error(`internal: domain method ${method.name}`);
  const names = domainTypeNames(method.name, method.kind);
  const what = method.kind === "mutation" ? "resolves to" : "yields for each event";
  return [
    `/** What ${method.name} ${what}: the value of ${method.kind} field ${method.name}, fully selected. */`,
    `export type ${names.result} = ${fieldValueType(root, field, schema, context)};`,
    "",
    `/** Arguments of ${method.kind} field ${method.name}. */`,
    `export type ${names.variables} = ${variablesType(definition, schema, context)};`,
  ].join("\n");
}

function methodDoc(method: DomainMethod): string {
  const lines = [
    ...(method.description === undefined ? [] : [method.description, ""]),
    `${method.kind === "mutation" ? "Domain op" : "Subscription"} ${method.name} (persisted id ${method.operation.id.slice(0, 16)}...).`,
    ...(method.deprecationReason === undefined ? [] : [`@deprecated ${method.deprecationReason}`]),
  ];
  return docComment(lines.join("\n")).trimEnd().replace(/\n/g, "\n  ");
}

function signature(method: DomainMethod): string {
  const names = domainTypeNames(method.name, method.kind);
  const optional = method.requiresOtherArguments ? "" : "?";
  if (method.kind === "mutation") {
    const input = `${SCHEMA_NAMESPACE}.${method.inputType as string}`;
    return `${method.name}(input: ${input}, args${optional}: DomainOpArgs<${names.variables}>): Promise<${names.result}>`;
  }
  const args = method.takesView ? `ViewArgs<${names.variables}>` : names.variables;
  return `${method.name}(args${optional}: ${args}): Subscription<${names.result}>`;
}

function implementation(method: DomainMethod): string {
  const args = method.requiresOtherArguments ? "args" : "args = {}";
  const operation = `domainOperations.${method.name}`;
  if (method.kind === "mutation") {
    const variables = "{ ...args, view: args.view ?? view, input }";
    return `${method.name}: async (input, ${args}) => (await core.execute(${operation}, ${variables})).${method.name},`;
  }
  const variables = method.takesView ? "{ ...args, view: args.view ?? view }" : "args";
  return `${method.name}: (${args}) => mapEvents(core.subscribe(${operation}, ${variables}), (data) => data.${method.name}),`;
}
