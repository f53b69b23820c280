// The executable API: the checked-in SDL (api-schema/) with resolvers installed. Query resolvers are synchronous,
// so one query reads one state of the kernel (nothing can interleave); mutations apply synchronously, then wait
// until their history entry is durable, then publish it to subscribers, then answer.
import { buildSchema, defaultFieldResolver, isInterfaceType, isObjectType } from "graphql";
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { api_sdl, api_sdl_domain } from "../api-schema/index.js";
import type { ApiServices } from "./context.js";
import { json_scalar } from "./json.js";
import { record_view } from "./objects.js";
import type { NodeObject } from "./objects.js";
import { ApiResolvers } from "./resolvers.js";
import type { Resolver } from "./resolvers.js";

/** The API's schema over one kernel; refuses to build when the SDL was derived from another domain. */
export function buildApiSchema(services: ApiServices): GraphQLSchema {
  const domain = services.domain;
  if (domain.schemaHash !== api_sdl_domain.schemaHash || domain.registryHash !== api_sdl_domain.registryHash) {
    throw new Error(
      `the API SDL was derived from schema ${api_sdl_domain.schemaHash.slice(0, 12)}... (registry ` +
        `${api_sdl_domain.registryHash.slice(0, 12)}...), but the kernel runs schema ${domain.schemaHash.slice(0, 12)}... ` +
        `(registry ${domain.registryHash.slice(0, 12)}...); run \`npm run gen:api\` and rebuild`,
    );
  }
  const schema = buildSchema(api_sdl);
  const resolvers = new ApiResolvers(services, domain);
  install(schema, "Query", { ...resolvers.query(), ...lookupResolvers(schema, services, resolvers) });
  install(schema, "Mutation", resolvers.mutation());
  const subscription = schema.getSubscriptionType()!.getFields()["rewrites"]!;
  subscription.subscribe = resolvers.subscribeRewrites;
  subscription.resolve = (event: unknown) => event;
  Object.assign(schema.getType("JSON")!, {
    serialize: json_scalar.serialize,
    parseValue: json_scalar.parseValue,
    parseLiteral: json_scalar.parseLiteral,
  });
  const nodeKinds = new Set(domain.nodes.map((kind) => kind.name));
  const edgeKinds = new Set(domain.edges.map((kind) => kind.name));
  const node = schema.getType("Node");
  const edge = schema.getType("Edge");
  if (!isInterfaceType(node) || !isInterfaceType(edge)) throw new Error("the API SDL lacks the Node and Edge interfaces");
  installDerivedFields(schema, services);
  installLazyFields(schema);
  node.resolveType = (value) => (nodeKinds.has((value as { kind: string }).kind) ? (value as { kind: string }).kind : "V0Node");
  edge.resolveType = (value) => (edgeKinds.has((value as { kind: string }).kind) ? (value as { kind: string }).kind : "V0Edge");
  return schema;
}

/**
 * Fields of record types that are neither record fields nor stored attributes are derived by folds: each resolves
 * with kernel.derived(view, "Type.field", id). Every one must have a fold, checked here so a missing fold stops
 * the start instead of failing a request.
 */
function installDerivedFields(schema: GraphQLSchema, services: ApiServices): void {
  const base = new Set(["id", "kind", "attrs", "from", "to", "fromNode", "toNode"]);
  const derivable = new Set(services.derivedFields);
  const missing: string[] = [];
  for (const kind of [...services.domain.nodes, ...services.domain.edges]) {
    const type = schema.getType(kind.name);
    if (!isObjectType(type)) throw new Error(`the API SDL has no type ${kind.name}; run \`npm run gen:api\``);
    const stored = new Set(kind.attributeFields);
    for (const field of Object.values(type.getFields())) {
      if (base.has(field.name) || stored.has(field.name)) continue;
      const coordinate = `${kind.name}.${field.name}`;
      if (!derivable.has(coordinate)) missing.push(coordinate);
      field.resolve = (source: NodeObject) => services.host.kernel.derived(source[record_view], coordinate, source.id);
    }
  }
  if (missing.length > 0) {
    throw new Error(`no fold derives ${missing.join(", ")}; start the kernel with the generated folds (generated/bindings.ts)`);
  }
}

/**
 * Values computed only when selected are functions on their source objects: a Graph's node and edge pages
 * (resolvers.ts) and an edge's endpoints (objects.ts). graphql-js's default resolver calls such functions, but
 * graphql-jit reads fields without resolvers as plain properties; naming the default resolver on these fields
 * makes every executor call them (execution/compiled-operations.ts).
 */
function installLazyFields(schema: GraphQLSchema): void {
  const lazy = (type: unknown, names: readonly string[]) => {
    if (!isObjectType(type)) return;
    const fields = type.getFields();
    for (const name of names) {
      const field = fields[name];
      if (field !== undefined && field.resolve === undefined) field.resolve = defaultFieldResolver;
    }
  };
  lazy(schema.getType("Graph"), ["nodes", "edges"]);
  const edge = schema.getType("Edge");
  if (isInterfaceType(edge)) for (const type of schema.getImplementations(edge).objects) lazy(type, ["fromNode", "toNode"]);
}

/** Typed lookups derived from the domain's queries (`task(view, id): Task`): Query fields returning a record kind. */
function lookupResolvers(schema: GraphQLSchema, services: ApiServices, resolvers: ApiResolvers): { [field: string]: Resolver } {
  const kinds = new Set([...services.domain.nodes, ...services.domain.edges].map((kind) => kind.name));
  const out: { [field: string]: Resolver } = {};
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const type = field.type;
    if (isObjectType(type) && kinds.has(type.name)) out[field.name] = resolvers.lookup(type.name);
  }
  return out;
}

function install(schema: GraphQLSchema, typeName: string, resolvers: { readonly [field: string]: Resolver }): void {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`the API SDL has no ${typeName} type`);
  const fields = type.getFields();
  for (const [name, field] of Object.entries(fields)) {
    const resolve = resolvers[name];
    if (resolve === undefined) throw new Error(`no resolver for ${typeName}.${name}`);
    field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}
