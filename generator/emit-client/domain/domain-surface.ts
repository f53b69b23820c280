import {
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
} from "graphql";
import type {
  ArgumentNode,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  OperationDefinitionNode,
  TypeNode,
  VariableDefinitionNode,
} from "graphql";
import type { Diagnostic } from "../../diagnostics/index.js";
import { contentHash } from "../../output/content-hash.js";
import { RESERVED_METHOD_NAMES } from "../naming/operation-names.js";
import { clientError } from "../operations/document-files.js";
import type { ClientOperation } from "../operations/operation-set.js";
import { fullSelection } from "./full-selection.js";

/**
 * The jitosd convention for a domain op mutation (ADR 0110): a Mutation field with a non-null `view: ViewInput!`
 * argument and a non-null `input` argument of an input object type, e.g.
 * `createTask(view: ViewInput!, input: CreateTaskInput!): CreateTaskPayload!`. Any other arguments are allowed.
 */
export const DOMAIN_VIEW_ARGUMENT = "view";
export const DOMAIN_VIEW_TYPE = "ViewInput";
export const DOMAIN_INPUT_ARGUMENT = "input";

/** Members the domain client defines itself (besides the names every generated client reserves). */
const DOMAIN_CLIENT_MEMBERS: readonly string[] = ["view", "withView", "close"];

/** One method of the domain client: a domain op mutation or a subscription field, with its generated operation. */
export interface DomainMethod {
  /** The root field's name, which is also the method name. */
  readonly name: string;
  readonly kind: "mutation" | "subscription";
  readonly description: string | undefined;
  readonly deprecationReason: string | undefined;
  /** Mutations: the GraphQL name of the `input` argument's type (the method's first parameter). */
  readonly inputType: string | undefined;
  /** The field has a `view: ViewInput` argument, which the client fills with its view unless the call names one. */
  readonly takesView: boolean;
  /** Some argument other than `view` and `input` must be given, so the method's `args` parameter is required. */
  readonly requiresOtherArguments: boolean;
  /** The generated operation: the field with every argument as a variable and its full selection. */
  readonly operation: ClientOperation;
}

/** The domain client of a schema: its methods sorted by name, or undefined when the schema has no domain op. */
export interface DomainSurface {
  readonly methods: readonly DomainMethod[];
}

export type DomainOutcome =
  | { readonly ok: true; readonly domain: DomainSurface | undefined }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Whether a Mutation field follows the domain op convention. */
export function isDomainOpMutation(field: GraphQLField<unknown, unknown>): boolean {
  const view = field.args.find((arg) => arg.name === DOMAIN_VIEW_ARGUMENT);
  const input = field.args.find((arg) => arg.name === DOMAIN_INPUT_ARGUMENT);
  return (
    view !== undefined &&
    isNonNullType(view.type) &&
    getNamedType(view.type).name === DOMAIN_VIEW_TYPE &&
    isInputObjectType(getNamedType(view.type)) &&
    input !== undefined &&
    isNonNullType(input.type) &&
    isInputObjectType(input.type.ofType)
  );
}

/**
 * Finds the domain client of a schema: every domain op mutation, and, when there is at least one, every
 * subscription field (so a caller can watch what its ops do). Reports names the client cannot take.
 */
export function findDomainSurface(schema: GraphQLSchema): DomainOutcome {
  const mutation = schema.getMutationType();
  const ops = mutation === null || mutation === undefined ? [] : sortedFields(mutation).filter(isDomainOpMutation);
  if (ops.length === 0) return { ok: true, domain: undefined };
  const subscription = schema.getSubscriptionType();
  const subscriptions = subscription === null || subscription === undefined ? [] : sortedFields(subscription);

  const candidates = [
    ...ops.map((field) => ({ field, kind: "mutation" as const })),
    ...subscriptions.map((field) => ({ field, kind: "subscription" as const })),
  ];
  const diagnostics = checkDomainNames(candidates.map(({ field, kind }) => ({ name: field.name, kind })));
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const methods = candidates
    .map(({ field, kind }) => domainMethod(field, kind, schema))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ok: true, domain: { methods } };
}

function domainMethod(
  field: GraphQLField<unknown, unknown>,
  kind: "mutation" | "subscription",
  schema: GraphQLSchema,
): DomainMethod {
  const input = kind === "mutation" ? field.args.find((arg) => arg.name === DOMAIN_INPUT_ARGUMENT) : undefined;
  const view = field.args.find(
    (arg) => arg.name === DOMAIN_VIEW_ARGUMENT && getNamedType(arg.type).name === DOMAIN_VIEW_TYPE,
  );
  const others = field.args.filter((arg) => arg !== input && arg !== view);
  return {
    name: field.name,
    kind,
    description: field.description ?? undefined,
    deprecationReason: field.deprecationReason ?? undefined,
    inputType: input === undefined ? undefined : getNamedType(input.type).name,
    takesView: view !== undefined,
    requiresOtherArguments: others.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined),
    operation: domainOperation(field, kind, schema),
  };
}

/**
 * `mutation createTask($input: CreateTaskInput!, $view: ViewInput!) { createTask(input: $input, view: $view) {...} }`:
 * every argument becomes a variable of the same type, except that a non-null argument with a default gets a
 * nullable variable, so leaving it out lets the server apply the default.
 */
function domainOperation(
  field: GraphQLField<unknown, unknown>,
  kind: "mutation" | "subscription",
  schema: GraphQLSchema,
): ClientOperation {
  const named = getNamedType(field.type);
  const args = [...field.args].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ast: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: kind === "mutation" ? ("mutation" as never) : ("subscription" as never),
    name: { kind: Kind.NAME, value: field.name },
    variableDefinitions: args.map(variableDefinition),
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.FIELD,
          name: { kind: Kind.NAME, value: field.name },
          arguments: args.map(argumentNode),
          ...(isCompositeType(named) ? { selectionSet: fullSelection(named, schema) } : {}),
        },
      ],
    },
  };
  const source = print(ast);
  // The generated document is checked like a user's: a failure here is a generator bug, not a schema error.
  const document = parse(source, { noLocation: true });
  const errors = validate(schema, document, specifiedRules);
  if (errors.length > 0) {
    throw new Error(
      `internal: the domain operation ${field.name} is invalid: ${errors.map((e) => e.message).join("; ")}`,
    );
  }
  const definition = document.definitions[0] as OperationDefinitionNode;
  return { name: field.name, kind, definition, source, id: contentHash(new TextEncoder().encode(source)) };
}

function variableDefinition(arg: GraphQLArgument): VariableDefinitionNode {
  const type = arg.defaultValue !== undefined && isNonNullType(arg.type) ? arg.type.ofType : arg.type;
  return {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: arg.name } },
    type: typeNode(type),
  };
}

function typeNode(type: GraphQLInputType): TypeNode {
  if (isNonNullType(type)) return { kind: Kind.NON_NULL_TYPE, type: typeNode(type.ofType) as never };
  if (isListType(type)) return { kind: Kind.LIST_TYPE, type: typeNode(type.ofType as GraphQLInputType) };
  return { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type.name } };
}

function argumentNode(arg: GraphQLArgument): ArgumentNode {
  return {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: arg.name },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: arg.name } },
  };
}

function sortedFields(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Method names are the field names; type names upper-case the first letter and append Result/Event and Variables
 * (domainTypeNames). Reserved members, and two fields that map to one method or type name, are build errors.
 */
function checkDomainNames(fields: readonly { name: string; kind: "mutation" | "subscription" }[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reserved = new Set([...RESERVED_METHOD_NAMES, ...DOMAIN_CLIENT_MEMBERS]);
  const seen = new Map<string, string>();
  for (const { name, kind } of fields) {
    const coordinate = `${kind === "mutation" ? "Mutation" : "Subscription"}.${name}`;
    if (reserved.has(name)) {
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_RESERVED_NAME",
          `${coordinate} would become domainClient.${name}(), which the domain client reserves.`,
          `Rename the field in the server schema (reserved: ${[...reserved].sort().join(", ")}).`,
        ),
      );
    }
    for (const key of [name, domainTypeNames(name, kind).variables]) {
      const other = seen.get(key);
      if (other === undefined) seen.set(key, coordinate);
      else if (other !== coordinate) {
        diagnostics.push(
          clientError(
            "WESLEY_CLIENT_NAME_COLLISION",
            `${other} and ${coordinate} both become the domain client's ${key}.`,
            "Domain methods are named after root fields (types upper-case the first letter); rename one field.",
          ),
        );
      }
    }
  }
  return diagnostics;
}

/** Names of a domain method's types in domain.ts: `CreateTaskResult` / `RewritesEvent` and `...Variables`. */
export function domainTypeNames(
  name: string,
  kind: "mutation" | "subscription",
): { readonly result: string; readonly variables: string } {
  const base = name.charAt(0).toUpperCase() + name.slice(1);
  return { result: `${base}${kind === "mutation" ? "Result" : "Event"}`, variables: `${base}Variables` };
}
