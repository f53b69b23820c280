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
  readonly #used = new Map<string, GraphQLNamedType>();

  constructor(typeNames: ReadonlyMap<string, string>) {
    this.#typeNames = typeNames;
  }

  /** The TypeScript text for a leaf or input type, recording it as used. */
  reference(type: GraphQLNamedType): string {
    const builtin = BUILTIN_SCALAR_TYPES.get(type.name);
    if (builtin !== undefined && isScalarType(type)) return builtin;
    if (isScalarType(type) || isEnumType(type) || isInputObjectType(type)) this.#used.set(type.name, type);
    return this.tsName(type.name);
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
