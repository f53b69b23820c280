import {
  Kind,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  specifiedScalarTypes,
} from "graphql";
import type {
  ConstDirectiveNode,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLType,
} from "graphql";
import { compareStrings } from "../diagnostics/index.js";
import { toPlainValue } from "./plain.js";
import { IR_VERSION } from "./types.js";
import type {
  ArgDef,
  Constraint,
  FieldDef,
  FoldDef,
  OpDirective,
  RegistryIR,
  TypeDef,
  TypeRef,
  WesleyIR,
} from "./types.js";

const CONSTRAINT_NUMBER_ARGS = ["minLength", "maxLength", "min", "max", "minItems", "maxItems"] as const;
const OP_EFFECTS = ["creates", "updates", "deletes"] as const;

/**
 * Builds wesley-ir/v1 from a schema that passed validation. Pure and linear in the schema size; every list is
 * sorted by name in code-unit order so the result does not depend on file order or `extend` placement.
 */
export function buildIR(schema: GraphQLSchema, registry: RegistryIR): WesleyIR {
  const refs = new TypeRefCache();
  const types: TypeDef[] = specifiedScalarTypes.map((s) => ({ kind: "scalar", name: s.name, builtin: true }));
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    types.push(typeDef(type, schema, refs));
  }
  types.sort(byName);

  const roots: { query?: string; mutation?: string; subscription?: string } = {};
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) roots.query = query.name;
  if (mutation) roots.mutation = mutation.name;
  if (subscription) roots.subscription = subscription.name;

  return { version: IR_VERSION, roots, types, registry, folds: collectFolds(types) };
}

function typeDef(type: GraphQLNamedType, schema: GraphQLSchema, refs: TypeRefCache): TypeDef {
  const base = withDescription({ name: type.name }, type.description);
  if (isObjectType(type)) {
    const directives = typeDirectives(type);
    const def: Record<string, unknown> = {
      kind: "object",
      ...base,
      fields: Object.values(type.getFields()).map((f) => fieldDef(f, schema, refs)).sort(byName),
      interfaces: type.getInterfaces().map((i) => i.name).sort(compareStrings),
    };
    if (findDirective(directives, "node")) def.node = true;
    const edge = findDirective(directives, "edge");
    if (edge) def.edge = { from: stringArg(edge, "from") ?? "", to: stringArg(edge, "to") ?? "" };
    const caps = requiresCaps(directives);
    if (caps) def.requiresCaps = caps;
    return def as unknown as TypeDef;
  }
  if (isInterfaceType(type)) {
    return {
      kind: "interface",
      ...base,
      fields: Object.values(type.getFields()).map((f) => fieldDef(f, schema, refs)).sort(byName),
      interfaces: type.getInterfaces().map((i) => i.name).sort(compareStrings),
    };
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).map((f) => inputFieldDef(f, refs)).sort(byName);
    return type.isOneOf ? { kind: "input", ...base, fields, oneOf: true } : { kind: "input", ...base, fields };
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => withDeprecation(withDescription({ name: v.name }, v.description), v.deprecationReason));
    return { kind: "enum", ...base, values: values.sort(byName) };
  }
  if (isUnionType(type)) {
    return { kind: "union", ...base, members: type.getTypes().map((t) => t.name).sort(compareStrings) };
  }
  if (isScalarType(type)) {
    return type.specifiedByURL != null ? { kind: "scalar", ...base, specifiedByURL: type.specifiedByURL } : { kind: "scalar", ...base };
  }
  throw new Error(`internal: unexpected type ${String(type)}`);
}

function fieldDef(field: GraphQLField<unknown, unknown>, schema: GraphQLSchema, refs: TypeRefCache): FieldDef {
  const directives = field.astNode?.directives ?? [];
  const def: Record<string, unknown> = { name: field.name };
  if (typeof field.description === "string") def.description = field.description;
  def.type = refs.of(field.type);
  def.args = field.args.length === 0 ? [] : field.args.map((arg) => argDef(arg, refs)).sort(byName);
  if (directives.length > 0) addConstraint(def, directives);
  addDeprecation(def, field.deprecationReason);
  if (directives.length > 0) {
    const derived = findDirective(directives, "derived");
    if (derived) def.derivedFrom = stringArg(derived, "fold") ?? "";
    const caps = requiresCaps(directives);
    if (caps) def.requiresCaps = caps;
    const op = findDirective(directives, "op");
    if (op) def.op = opDirective(op, field, schema);
  }
  return def as unknown as FieldDef;
}

function inputFieldDef(field: GraphQLInputField, refs: TypeRefCache): FieldDef {
  const def: Record<string, unknown> = { name: field.name };
  if (typeof field.description === "string") def.description = field.description;
  def.type = refs.of(field.type);
  def.args = [];
  addDefault(def, field.defaultValue);
  addConstraint(def, field.astNode?.directives ?? []);
  addDeprecation(def, field.deprecationReason);
  return def as unknown as FieldDef;
}

function argDef(arg: GraphQLArgument, refs: TypeRefCache): ArgDef {
  const def: Record<string, unknown> = { name: arg.name };
  if (typeof arg.description === "string") def.description = arg.description;
  def.type = refs.of(arg.type);
  addDefault(def, arg.defaultValue);
  addConstraint(def, arg.astNode?.directives ?? []);
  addDeprecation(def, arg.deprecationReason);
  return def as unknown as ArgDef;
}

function opDirective(op: ConstDirectiveNode, field: GraphQLField<unknown, unknown>, schema: GraphQLSchema): OpDirective {
  const effect = OP_EFFECTS.find((e) => stringArg(op, e) !== undefined) ?? "creates";
  const target = stringArg(op, effect) ?? "";
  const inputArg = field.args[0];
  const inputType = inputArg ? namedType(inputArg.type) : undefined;
  const targetType = schema.getType(target);
  const stored = new Set<string>();
  if (targetType && isObjectType(targetType)) {
    for (const f of Object.values(targetType.getFields())) {
      if (f.name !== "id" && !findDirective(f.astNode?.directives ?? [], "derived")) stored.add(f.name);
    }
  }
  const inputFields = inputType && isInputObjectType(inputType) ? Object.keys(inputType.getFields()) : [];
  const out: Record<string, unknown> = {
    effect,
    target,
    input: inputType?.name ?? "",
    attributeFields: inputFields.filter((name) => stored.has(name)).sort(compareStrings),
  };
  const idField = stringArg(op, "id");
  const fromField = stringArg(op, "from");
  const toField = stringArg(op, "to");
  if (idField !== undefined) out.idField = idField;
  if (fromField !== undefined) out.fromField = fromField;
  if (toField !== undefined) out.toField = toField;
  return out as unknown as OpDirective;
}

function collectFolds(types: readonly TypeDef[]): FoldDef[] {
  const derives = new Map<string, string[]>();
  for (const type of types) {
    if (type.kind !== "object" && type.kind !== "interface") continue;
    for (const field of type.fields) {
      if (field.derivedFrom === undefined) continue;
      const list = derives.get(field.derivedFrom) ?? [];
      list.push(`${type.name}.${field.name}`);
      derives.set(field.derivedFrom, list);
    }
  }
  return [...derives.entries()].map(([name, list]) => ({ name, derives: list.sort(compareStrings) })).sort(byName);
}

export function typeRef(type: GraphQLType): TypeRef {
  if (isNonNullType(type)) return { kind: "nonNull", of: typeRef(type.ofType) };
  if (isListType(type)) return { kind: "list", of: typeRef(type.ofType) };
  return { kind: "named", name: type.name };
}

/**
 * TypeRefs shared between the fields that spell the same type: GitHub's schema has ~30,000 fields and arguments
 * but only a few thousand distinct type spellings, and each distinct one is then built (and garbage-collected) once.
 * The IR is immutable plain data, so sharing is invisible to its readers and to the canonical encoding.
 */
class TypeRefCache {
  private readonly byName = new Map<string, TypeRef>();
  private readonly nonNullByName = new Map<string, TypeRef>();

  of(type: GraphQLType): TypeRef {
    if (isNonNullType(type) && !isListType(type.ofType)) return this.nonNullNamed(type.ofType.name);
    if (isNonNullType(type)) return { kind: "nonNull", of: this.of(type.ofType) };
    if (isListType(type)) return { kind: "list", of: this.of(type.ofType) };
    return this.named(type.name);
  }

  private named(name: string): TypeRef {
    let ref = this.byName.get(name);
    if (ref === undefined) {
      ref = { kind: "named", name };
      this.byName.set(name, ref);
    }
    return ref;
  }

  private nonNullNamed(name: string): TypeRef {
    let ref = this.nonNullByName.get(name);
    if (ref === undefined) {
      ref = { kind: "nonNull", of: this.named(name) };
      this.nonNullByName.set(name, ref);
    }
    return ref;
  }
}

function namedType(type: GraphQLType): GraphQLNamedType {
  return isNonNullType(type) || isListType(type) ? namedType(type.ofType) : type;
}

function typeDirectives(type: GraphQLObjectType): ConstDirectiveNode[] {
  return [type.astNode, ...type.extensionASTNodes].flatMap((n) => [...(n?.directives ?? [])]);
}

function findDirective(directives: readonly ConstDirectiveNode[], name: string): ConstDirectiveNode | undefined {
  return directives.find((d) => d.name.value === name);
}

function stringArg(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
}

function requiresCaps(directives: readonly ConstDirectiveNode[]): string[] | undefined {
  const requires = findDirective(directives, "requires");
  if (!requires) return undefined;
  const arg = requires.arguments?.find((a) => a.name.value === "caps");
  if (!arg) return undefined;
  const values = arg.value.kind === Kind.LIST ? arg.value.values : [arg.value];
  const caps = values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
  return [...new Set(caps)].sort(compareStrings);
}

function addConstraint(def: Record<string, unknown>, directives: readonly ConstDirectiveNode[]): void {
  const directive = findDirective(directives, "constraint");
  if (!directive) return;
  const constraint: Record<string, number | string> = {};
  for (const name of CONSTRAINT_NUMBER_ARGS) {
    const arg = directive.arguments?.find((a) => a.name.value === name);
    if (arg && (arg.value.kind === Kind.INT || arg.value.kind === Kind.FLOAT)) constraint[name] = Number(arg.value.value);
  }
  const pattern = stringArg(directive, "pattern");
  if (pattern !== undefined) constraint.pattern = pattern;
  if (Object.keys(constraint).length > 0) def.constraint = constraint as Constraint;
}

function addDefault(def: Record<string, unknown>, value: unknown): void {
  if (value === undefined) return;
  const plain = toPlainValue(value);
  if (plain !== undefined) def.defaultValue = plain;
}

function addDeprecation(def: Record<string, unknown>, reason: string | null | undefined): void {
  if (typeof reason === "string") def.deprecationReason = reason;
}

function withDescription<T extends object>(def: T, description: string | null | undefined): T & { description?: string } {
  return typeof description === "string" ? { ...def, description } : def;
}

function withDeprecation<T extends object>(def: T, reason: string | null | undefined): T & { deprecationReason?: string } {
  return typeof reason === "string" ? { ...def, deprecationReason: reason } : def;
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareStrings(a.name, b.name);
}
