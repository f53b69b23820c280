import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
} from "graphql";
import type {
  GraphQLArgumentConfig,
  GraphQLFieldConfigMap,
  GraphQLInputFieldConfigMap,
  GraphQLNamedType,
  GraphQLType,
} from "graphql";
import type { ArgDef, FieldDef, TypeDef, TypeRef, WesleyIR } from "../../ir/types.js";

const BUILTIN_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map<string, GraphQLScalarType>([
  ["Boolean", GraphQLBoolean],
  ["Float", GraphQLFloat],
  ["ID", GraphQLID],
  ["Int", GraphQLInt],
  ["String", GraphQLString],
]);

/**
 * Rebuilds a graphql-js schema from the IR so operation documents can be validated with graphql-js's own rules.
 * The client target starts from the IR (not the loader's schema object) so it stays a function of the same data
 * every other emitter reads. The IR keeps every type, field, argument, default, deprecation and `@oneOf`; it does
 * not keep custom directive definitions, so documents may use only `@include`, `@skip` and `@deprecated`-free
 * built-ins (docs/client.md).
 */
export function schemaFromIR(ir: WesleyIR): GraphQLSchema {
  const byName = new Map(ir.types.map((type) => [type.name, type]));
  const built = new Map<string, GraphQLNamedType>();

  const named = (name: string): GraphQLNamedType => {
    const existing = built.get(name);
    if (existing !== undefined) return existing;
    const def = byName.get(name);
    if (def === undefined) throw new Error(`internal: the IR references the undefined type "${name}"`);
    const type = buildNamed(def);
    built.set(name, type);
    return type;
  };
  const wrap = (ref: TypeRef): GraphQLType => {
    switch (ref.kind) {
      case "named":
        return named(ref.name);
      case "list":
        return new GraphQLList(wrap(ref.of));
      case "nonNull":
        return new GraphQLNonNull(wrap(ref.of) as never);
    }
  };
  const args = (defs: readonly ArgDef[]): Record<string, GraphQLArgumentConfig> =>
    Object.fromEntries(
      defs.map((arg) => [
        arg.name,
        {
          type: wrap(arg.type) as never,
          ...(arg.defaultValue === undefined ? {} : { defaultValue: arg.defaultValue }),
          ...(arg.deprecationReason === undefined ? {} : { deprecationReason: arg.deprecationReason }),
        },
      ]),
    );
  const outputFields = (fields: readonly FieldDef[]) => (): GraphQLFieldConfigMap<unknown, unknown> =>
    Object.fromEntries(
      fields.map((field) => [
        field.name,
        {
          type: wrap(field.type) as never,
          args: args(field.args),
          ...(field.description === undefined ? {} : { description: field.description }),
          ...(field.deprecationReason === undefined ? {} : { deprecationReason: field.deprecationReason }),
        },
      ]),
    );
  const inputFields = (fields: readonly FieldDef[]) => (): GraphQLInputFieldConfigMap =>
    Object.fromEntries(
      fields.map((field) => [
        field.name,
        {
          type: wrap(field.type) as never,
          ...(field.defaultValue === undefined ? {} : { defaultValue: field.defaultValue }),
        },
      ]),
    );

  function buildNamed(def: TypeDef): GraphQLNamedType {
    // Descriptions reach the generated doc comments; built-in scalars keep graphql-js's own objects.
    const description = def.description === undefined ? {} : { description: def.description };
    switch (def.kind) {
      case "scalar":
        return BUILTIN_SCALARS.get(def.name) ?? new GraphQLScalarType({ name: def.name, ...description });
      case "enum":
        return new GraphQLEnumType({
          name: def.name,
          ...description,
          values: Object.fromEntries(
            def.values.map((value) => [
              value.name,
              value.deprecationReason === undefined ? {} : { deprecationReason: value.deprecationReason },
            ]),
          ),
        });
      case "object":
        return new GraphQLObjectType({
          name: def.name,
          ...description,
          fields: outputFields(def.fields),
          interfaces: () => def.interfaces.map((name) => named(name) as GraphQLInterfaceType),
        });
      case "interface":
        return new GraphQLInterfaceType({
          name: def.name,
          ...description,
          fields: outputFields(def.fields),
          interfaces: () => def.interfaces.map((name) => named(name) as GraphQLInterfaceType),
        });
      case "union":
        return new GraphQLUnionType({
          name: def.name,
          ...description,
          types: () => def.members.map((name) => named(name) as GraphQLObjectType),
        });
      case "input":
        return new GraphQLInputObjectType({
          name: def.name,
          ...description,
          fields: inputFields(def.fields),
          ...(def.oneOf === true ? { isOneOf: true } : {}),
        });
    }
  }

  const root = (name: string | undefined): GraphQLObjectType | undefined =>
    name === undefined ? undefined : (named(name) as GraphQLObjectType);
  const query = root(ir.roots.query);
  const mutation = root(ir.roots.mutation);
  const subscription = root(ir.roots.subscription);
  return new GraphQLSchema({
    // The loader has validated the schema with Wesley's rules, which allow field-less @edge types that graphql-js's
    // type-system rules reject; documents are still validated in full against it.
    assumeValid: true,
    ...(query === undefined ? {} : { query }),
    ...(mutation === undefined ? {} : { mutation }),
    ...(subscription === undefined ? {} : { subscription }),
    types: ir.types.map((type) => named(type.name)),
  });
}
