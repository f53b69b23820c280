/**
 * TypeScript type expressions for GraphQL type references (docs/generated-code.md, "Type mapping").
 * Built-in scalars map to primitives; every other named type is referred to by its TypeScript name, qualified
 * with a namespace outside types.ts.
 */
import type { TypeRef } from "../../ir/types.js";

const BUILTIN_SCALAR_TYPES: Readonly<Record<string, string>> = {
  ID: "string",
  String: "string",
  Int: "number",
  Float: "number",
  Boolean: "boolean",
};

export function builtinScalarType(name: string): string | undefined {
  return Object.hasOwn(BUILTIN_SCALAR_TYPES, name) ? BUILTIN_SCALAR_TYPES[name] : undefined;
}

export interface TypeNaming {
  /** GraphQL name -> TypeScript name (reserved words renamed). */
  readonly names: ReadonlyMap<string, string>;
  /** `types.` outside types.ts, "" inside it. */
  readonly qualifier: string;
}

/** The type of a value of `ref`; nullable references get `| null`. */
export function typeExpression(ref: TypeRef, naming: TypeNaming): string {
  if (ref.kind === "nonNull") return nonNullTypeExpression(ref.of, naming);
  return `${nonNullTypeExpression(ref, naming)} | null`;
}

/** The type of `ref` ignoring its own nullability (a wrapping nonNull, if any, is expected to be stripped). */
export function nonNullTypeExpression(ref: TypeRef, naming: TypeNaming): string {
  switch (ref.kind) {
    case "nonNull":
      return nonNullTypeExpression(ref.of, naming);
    case "list": {
      const item = typeExpression(ref.of, naming);
      // `readonly A | null[]` and `readonly readonly A[][]` parse differently, so compound items need parentheses.
      return item.includes(" ") ? `readonly (${item})[]` : `readonly ${item}[]`;
    }
    case "named":
      return builtinScalarType(ref.name) ?? naming.qualifier + typeName(naming, ref.name);
  }
}

export function typeName(naming: TypeNaming, graphqlName: string): string {
  const name = naming.names.get(graphqlName);
  if (name === undefined) throw new Error(`type "${graphqlName}" is referenced but not defined in the IR`);
  return name;
}

export function isNullable(ref: TypeRef): boolean {
  return ref.kind !== "nonNull";
}
