import { isEnumType, isInputObjectType, isScalarType } from "graphql";
import type { GraphQLNamedType } from "graphql";

/** The five built-in scalars map to TypeScript primitives (ADR 0042); custom scalars get an `unknown` alias. */
const BUILTIN_SCALAR_TYPES: ReadonlyMap<string, string> = new Map([
  ["Boolean", "boolean"],
  ["Float", "number"],
  ["ID", "string"],
  ["Int", "number"],
  ["String", "string"],
]);

/**
 * Shared by the result and variables renderers: how a named schema type is referred to in types.ts, and which
 * named types (enums, inputs, custom scalars) operations use, so types.ts declares exactly those.
 */
export class TypeContext {
  readonly #typeNames: ReadonlyMap<string, string>;
  readonly #used: Map<string, GraphQLNamedType>;
  readonly #qualifier: string;

  constructor(typeNames: ReadonlyMap<string, string>, qualifier = "", used = new Map<string, GraphQLNamedType>()) {
    this.#typeNames = typeNames;
    this.#qualifier = qualifier;
    this.#used = used;
  }

  /**
   * The same context (one set of used types) referring to schema types as `<namespace>.Name`: the domain client
   * declares the schema types in their own module, so its own names can never meet a schema type's.
   */
  qualified(namespace: string): TypeContext {
    return new TypeContext(this.#typeNames, `${namespace}.`, this.#used);
  }

  /** The TypeScript text for a leaf or input type, recording it as used. */
  reference(type: GraphQLNamedType): string {
    const builtin = BUILTIN_SCALAR_TYPES.get(type.name);
    if (builtin !== undefined && isScalarType(type)) return builtin;
    if (isScalarType(type) || isEnumType(type) || isInputObjectType(type)) this.#used.set(type.name, type);
    return this.#qualifier + this.tsName(type.name);
  }

  tsName(graphqlName: string): string {
    const name = this.#typeNames.get(graphqlName);
    if (name === undefined) throw new Error(`internal: no TypeScript name for "${graphqlName}"`);
    return name;
  }

  isUsed(graphqlName: string): boolean {
    return this.#used.has(graphqlName);
  }

  /** Named types used so far, sorted by GraphQL name. */
  used(): GraphQLNamedType[] {
    return [...this.#used.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
