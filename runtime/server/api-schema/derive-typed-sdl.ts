// The typed (v1) half of the API, derived from the domain: one object type per node and edge kind (implementing
// Node / Edge), one mutation per domain verb with its own input and payload, the OpInput union of all verbs for
// applyOps, and typed filters. Pure: the same domain gives the same text (docs/adr/0100-api-schema-derivation.md).
import { record_reserved_field_names } from "./control-plane-sdl.js";
import type { ApiConstraint, ApiDomain, ApiField, ApiPlainValue, ApiTypeDef, ApiTypeRef } from "./domain-model.js";

type ObjectDef = Extract<ApiTypeDef, { kind: "object" }>;
type InputDef = Extract<ApiTypeDef, { kind: "input" }>;
type EnumDef = Extract<ApiTypeDef, { kind: "enum" }>;

/** A domain the API cannot be derived from: names that collide, attribute types a record cannot hold. */
export class ApiDerivationError extends Error {
  override readonly name = "ApiDerivationError";
}

export interface TypedVerb {
  /** Mutation field name = op name. */
  readonly name: string;
  readonly input: string;
  readonly effect: "creates" | "updates" | "deletes";
  readonly target: string;
  readonly payload: string;
  /** Payload field holding the record after the op ("record", for creates/updates); null for deletes. */
  readonly recordField: string | null;
}

/** A domain query `x(id: ID!): Kind` served as `x(view: ViewInput!, id: ID!): Kind`. */
export interface TypedLookup {
  readonly name: string;
  /** The node or edge kind it returns. */
  readonly kind: string;
}

export interface TypedSdl {
  readonly sdl: string;
  readonly verbs: readonly TypedVerb[];
  readonly lookups: readonly TypedLookup[];
}

const builtin_scalars = new Set(["Boolean", "Float", "ID", "Int", "String"]);

export function deriveTypedSdl(domain: ApiDomain): TypedSdl {
  const types = new Map(domain.types.map((type) => [type.name, type]));
  const nodes = domain.types.filter((type): type is ObjectDef => type.kind === "object" && type.node === true);
  const edges = domain.types.filter((type): type is ObjectDef => type.kind === "object" && type.edge !== undefined);
  const verbs = verbsOf(domain, types);
  if (nodes.length === 0) throw new ApiDerivationError("the domain has no @node kinds; the typed API needs at least one");
  if (verbs.length === 0) throw new ApiDerivationError("the domain has no @op mutations; the typed API needs at least one");

  const used = new Set<string>();
  const parts: string[] = [];
  for (const node of nodes) parts.push(nodeType(node, types, used));
  for (const edge of edges) parts.push(edgeType(edge, types, used));
  parts.push(kindEnum("NodeKind", "Registered node kinds.", nodes), ...(edges.length > 0 ? [kindEnum("EdgeKind", "Registered edge kinds.", edges)] : []));
  parts.push(...filters(nodes, edges, types));
  for (const verb of verbs) parts.push(payloadType(verb, types));
  parts.push(opInput(verbs, types));
  parts.push(mutations(verbs, domain, types));
  const lookups = lookupsOf(domain, types);
  if (lookups.fields.length > 0) parts.push(`extend type Query {\n  ${lookups.fields.join("\n  ")}\n}`);
  for (const verb of verbs) markInputClosure(verb.input, types, used);
  parts.push(...copiedTypes(used, types));
  return { sdl: parts.join("\n\n"), verbs, lookups: lookups.lookups };
}

/**
 * The domain's own queries of the form `x(id: ID!): Kind` (Kind a node or edge kind) become lookups in a view.
 * Other domain queries have no generic meaning over the graph and are left out.
 */
function lookupsOf(domain: ApiDomain, types: ReadonlyMap<string, ApiTypeDef>): { fields: string[]; lookups: TypedLookup[] } {
  const root = domain.roots.query === undefined ? undefined : types.get(domain.roots.query);
  if (root === undefined || root.kind !== "object") return { fields: [], lookups: [] };
  const fields: string[] = [];
  const lookups: TypedLookup[] = [];
  for (const field of root.fields) {
    const args = field.args ?? [];
    const target = types.get(namedTypeOf(field.type));
    const isRecord = target?.kind === "object" && (target.node === true || target.edge !== undefined);
    const byId = args.length === 1 && args[0]!.name === "id" && printTypeRef(args[0]!.type) === "ID!";
    if (!isRecord || !byId || field.type.kind !== "named") continue;
    const text = `${field.description ?? `One ${target.name} by id.`}\n\nNull when the view has no ${target.name} with this id.`;
    fields.push(`${description(text, "  ")}${field.name}(view: ViewInput!, id: ID!): ${target.name}`);
    lookups.push({ name: field.name, kind: target.name });
  }
  return { fields, lookups };
}

function verbsOf(domain: ApiDomain, types: ReadonlyMap<string, ApiTypeDef>): TypedVerb[] {
  const mutation = domain.roots.mutation === undefined ? undefined : types.get(domain.roots.mutation);
  if (mutation === undefined || mutation.kind !== "object") return [];
  const verbs: TypedVerb[] = [];
  for (const field of mutation.fields) {
    if (field.op === undefined) continue;
    const payload = `${upperFirst(field.name)}Payload`;
    const recordField = field.op.effect === "deletes" ? null : "record";
    verbs.push({ name: field.name, input: field.op.input, effect: field.op.effect, target: field.op.target, payload, recordField });
  }
  return verbs.sort((a, b) => compare(a.name, b.name));
}

// ---- records -----------------------------------------------------------------------------------------------

/** Stored fields: what the record holds (no id, nothing derived from history, which folds compute). */
function storedFields(type: ObjectDef): ApiField[] {
  return type.fields.filter((field) => field.name !== "id" && field.derivedFrom === undefined);
}

/** What a record type shows: its stored fields and the fields folds derive from history. */
function recordFields(type: ObjectDef): ApiField[] {
  return type.fields.filter((field) => field.name !== "id");
}

function nodeType(node: ObjectDef, types: ReadonlyMap<string, ApiTypeDef>, used: Set<string>): string {
  const fields = [
    `"64 lowercase hex characters."\n  id: ID!`,
    `"Always \\"${node.name}\\"."\n  kind: String!`,
    `"Every stored attribute as JSON."\n  attrs: JSON!`,
    ...recordFields(node).map((field) => attributeField(node.name, field, types, used)),
  ];
  return `${description(node.description)}type ${node.name} implements Node {\n  ${fields.join("\n  ")}\n}`;
}

function edgeType(edge: ObjectDef, types: ReadonlyMap<string, ApiTypeDef>, used: Set<string>): string {
  const ends = edge.edge!;
  const fields = [
    `id: ID!`,
    `"Always \\"${edge.name}\\"."\n  kind: String!`,
    `"Id of the ${ends.from} the edge starts at."\n  from: ID!`,
    `"Id of the ${ends.to} the edge points to."\n  to: ID!`,
    `attrs: JSON!`,
    `"The ${ends.from} the edge starts at, in the same view."\n  fromNode: ${ends.from}`,
    `"The ${ends.to} the edge points to, in the same view."\n  toNode: ${ends.to}`,
    ...recordFields(edge).map((field) => attributeField(edge.name, field, types, used)),
  ];
  return `${description(edge.description)}type ${edge.name} implements Edge {\n  ${fields.join("\n  ")}\n}`;
}

function attributeField(owner: string, field: ApiField, types: ReadonlyMap<string, ApiTypeDef>, used: Set<string>): string {
  if (record_reserved_field_names.includes(field.name)) {
    throw new ApiDerivationError(
      `${owner}.${field.name}: every record type has a field "${field.name}" already (${record_reserved_field_names.join(", ")}); rename the attribute`,
    );
  }
  const named = namedTypeOf(field.type);
  const def = types.get(named);
  if (def === undefined || (def.kind !== "scalar" && def.kind !== "enum")) {
    throw new ApiDerivationError(
      `${owner}.${field.name} has type ${named}; stored attributes must be scalars, enums or lists of them`,
    );
  }
  used.add(named);
  const deprecated = field.deprecationReason === undefined ? "" : ` @deprecated(reason: ${JSON.stringify(field.deprecationReason)})`;
  const text =
    field.derivedFrom === undefined
      ? withConstraint(field.description, field.constraint)
      : `${field.description === undefined ? "" : `${field.description}\n\n`}Derived from history by the fold ${field.derivedFrom}; not in attrs.`;
  return `${description(text, "  ")}${field.name}: ${printTypeRef(field.type)}${deprecated}`;
}

function kindEnum(name: string, text: string, kinds: readonly ObjectDef[]): string {
  return `"${text}"\nenum ${name} {\n  ${kinds.map((kind) => kind.name).join("\n  ")}\n}`;
}

// ---- filters -----------------------------------------------------------------------------------------------

/** The predicate input for a field's type, or null when the field cannot be filtered on (custom scalars, nested lists). */
function predicateOf(type: ApiTypeRef, types: ReadonlyMap<string, ApiTypeDef>): string | null {
  const inner = type.kind === "nonNull" ? type.of : type;
  if (inner.kind === "list") {
    const element = namedTypeOf(inner.of);
    if (inner.of.kind === "list" || (inner.of.kind === "nonNull" && inner.of.of.kind === "list")) return null;
    if (element === "String" || element === "ID") return "StringListPredicate";
    if (element === "Int") return "IntListPredicate";
    return null;
  }
  const named = namedTypeOf(inner);
  if (named === "String" || named === "ID") return "StringPredicate";
  if (named === "Int") return "IntPredicate";
  if (named === "Float") return "FloatPredicate";
  if (named === "Boolean") return "BooleanPredicate";
  if (types.get(named)?.kind === "enum") return `${named}Predicate`;
  return null;
}

function filters(nodes: readonly ObjectDef[], edges: readonly ObjectDef[], types: ReadonlyMap<string, ApiTypeDef>): string[] {
  const parts: string[] = [];
  const enumPredicates = new Set<string>();
  const perKind = (kinds: readonly ObjectDef[]): string[] => {
    const fields: string[] = [];
    for (const kind of kinds) {
      const predicates = storedFields(kind).flatMap((field) => {
        const predicate = predicateOf(field.type, types);
        if (predicate === null) return [];
        if (predicate.endsWith("Predicate") && types.get(predicate.slice(0, -"Predicate".length))?.kind === "enum") {
          enumPredicates.add(predicate.slice(0, -"Predicate".length));
        }
        return [`${field.name}: ${predicate}`];
      });
      if (predicates.length === 0) continue;
      parts.push(`"Attribute tests on ${kind.name} records; all given ones must hold."\ninput ${kind.name}Filter {\n  ${predicates.join("\n  ")}\n}`);
      fields.push(`"Only ${kind.name} records whose attributes pass these tests."\n  ${lowerFirst(kind.name)}: ${kind.name}Filter`);
    }
    return fields;
  };
  const nodeKindFields = perKind(nodes);
  const edgeKindFields = perKind(edges);
  parts.push(
    `"""
Which nodes a graph page returns. Every given condition must hold. The per-kind fields select records of their kind
whose attributes pass the tests; when several are given, a node passing any of them is kept.
"""
input NodeFilter {
  "Only nodes of these registered kinds."
  kinds: [NodeKind!]
  "Only nodes of these v0 (unregistered) kinds."
  v0Kinds: [String!]
  "Only nodes with these ids."
  ids: [ID!]
  ${nodeKindFields.join("\n  ")}
}`,
    `"""
Which edges a graph page returns. Every given condition must hold; per-kind fields work as in NodeFilter.
"""
input EdgeFilter {
  ${edges.length > 0 ? `"Only edges of these registered kinds."\n  kinds: [EdgeKind!]\n  ` : ""}"Only edges of these v0 (unregistered) kinds."
  v0Kinds: [String!]
  "Only edges with these ids."
  ids: [ID!]
  "Only edges starting at this node."
  from: ID
  "Only edges pointing to this node."
  to: ID
  ${edgeKindFields.join("\n  ")}
}`,
  );
  for (const name of [...enumPredicates].sort(compare)) {
    parts.push(`"Tests on a ${name} attribute."\ninput ${name}Predicate {\n  eq: ${name}\n  in: [${name}!]\n}`);
  }
  return parts;
}

// ---- verbs -------------------------------------------------------------------------------------------------

function payloadType(verb: TypedVerb, types: ReadonlyMap<string, ApiTypeDef>): string {
  const target = types.get(verb.target);
  if (target === undefined || target.kind !== "object") {
    throw new ApiDerivationError(`op ${verb.name} targets ${verb.target}, which is not a node or edge kind`);
  }
  const record =
    verb.recordField === null
      ? ""
      : `\n  "The ${verb.target} as the op left it (read in the same view right after the rewrite)."\n  ${verb.recordField}: ${verb.target}!`;
  return `"What ${verb.name} did."\ntype ${verb.payload} {\n  receipt: RewriteReceipt!${record}\n}`;
}

function opInput(verbs: readonly TypedVerb[], types: ReadonlyMap<string, ApiTypeDef>): string {
  const fields = verbs.map((verb) => {
    const input = types.get(verb.input);
    if (input === undefined || input.kind !== "input") {
      throw new ApiDerivationError(`op ${verb.name} takes ${verb.input}, which is not an input type`);
    }
    return `${verb.name}: ${verb.input}`;
  });
  return `"One typed op for applyOps: exactly one field, named for the verb."\ninput OpInput @oneOf {\n  ${fields.join("\n  ")}\n}`;
}

function mutations(verbs: readonly TypedVerb[], domain: ApiDomain, types: ReadonlyMap<string, ApiTypeDef>): string {
  const root = types.get(domain.roots.mutation!) as ObjectDef;
  const byName = new Map(root.fields.map((field) => [field.name, field]));
  const fields = verbs.map((verb) => {
    const field = byName.get(verb.name)!;
    const caps = field.requiresCaps === undefined || field.requiresCaps.length === 0 ? "" : ` Requires capabilities: ${field.requiresCaps.join(", ")}.`;
    const text = `${field.description ?? `The ${verb.name} op.`}\n\nApplies one ${verb.name} op to an overlay as one rewrite (effect: ${verb.effect} ${verb.target}).${caps}`;
    const deprecated = field.deprecationReason === undefined ? "" : ` @deprecated(reason: ${JSON.stringify(field.deprecationReason)})`;
    return `${description(text, "  ")}${verb.name}(view: ViewInput!, input: ${verb.input}!, meta: JSON): ${verb.payload}!${deprecated}`;
  });
  return `extend type Mutation {\n  ${fields.join("\n  ")}\n}`;
}

// ---- types copied from the domain --------------------------------------------------------------------------

function markInputClosure(name: string, types: ReadonlyMap<string, ApiTypeDef>, used: Set<string>): void {
  if (used.has(name)) return;
  const def = types.get(name);
  if (def === undefined) throw new ApiDerivationError(`type ${name} is referenced but not defined`);
  if (def.kind === "object" || def.kind === "interface" || def.kind === "union") {
    throw new ApiDerivationError(`input ${name} cannot be an output type (${def.kind})`);
  }
  used.add(name);
  if (def.kind === "input") for (const field of def.fields) markInputClosure(namedTypeOf(field.type), types, used);
}

function copiedTypes(used: ReadonlySet<string>, types: ReadonlyMap<string, ApiTypeDef>): string[] {
  return [...used]
    .filter((name) => !builtin_scalars.has(name))
    .sort(compare)
    .map((name) => {
      const def = types.get(name)!;
      switch (def.kind) {
        case "scalar":
          return `${description(def.description)}scalar ${def.name}`;
        case "enum":
          return enumType(def);
        case "input":
          return inputType(def, types);
        default:
          throw new ApiDerivationError(`cannot copy ${def.kind} ${name} into the API`);
      }
    });
}

function enumType(def: EnumDef): string {
  const values = def.values.map((value) => {
    const deprecated = value.deprecationReason === undefined ? "" : ` @deprecated(reason: ${JSON.stringify(value.deprecationReason)})`;
    return `${description(value.description, "  ")}${value.name}${deprecated}`;
  });
  return `${description(def.description)}enum ${def.name} {\n  ${values.join("\n  ")}\n}`;
}

function inputType(def: InputDef, types: ReadonlyMap<string, ApiTypeDef>): string {
  const fields = def.fields.map((field) => {
    const defaultValue = field.defaultValue === undefined ? "" : ` = ${printValue(field.defaultValue, field.type, types)}`;
    const deprecated = field.deprecationReason === undefined ? "" : ` @deprecated(reason: ${JSON.stringify(field.deprecationReason)})`;
    return `${description(withConstraint(field.description, field.constraint), "  ")}${field.name}: ${printTypeRef(field.type)}${defaultValue}${deprecated}`;
  });
  return `${description(def.description)}input ${def.name}${def.oneOf === true ? " @oneOf" : ""} {\n  ${fields.join("\n  ")}\n}`;
}

// ---- printing helpers --------------------------------------------------------------------------------------

/** The @constraint rules appended to the description, so API users see them in introspection. */
function withConstraint(text: string | undefined, constraint: ApiConstraint | undefined): string | undefined {
  if (constraint === undefined) return text;
  const rules: string[] = [];
  if (constraint.minLength !== undefined) rules.push(`at least ${count(constraint.minLength, "character")}`);
  if (constraint.maxLength !== undefined) rules.push(`at most ${count(constraint.maxLength, "character")}`);
  if (constraint.pattern !== undefined) rules.push(`matches /${constraint.pattern}/`);
  if (constraint.min !== undefined) rules.push(`>= ${constraint.min}`);
  if (constraint.max !== undefined) rules.push(`<= ${constraint.max}`);
  if (constraint.minItems !== undefined) rules.push(`at least ${count(constraint.minItems, "item")}`);
  if (constraint.maxItems !== undefined) rules.push(`at most ${count(constraint.maxItems, "item")}`);
  if (rules.length === 0) return text;
  const line = `Constraint: ${rules.join(", ")}.`;
  return text === undefined ? line : `${text}\n\n${line}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function description(text: string | undefined, indent = ""): string {
  if (text === undefined) return "";
  return `${JSON.stringify(text)}\n${indent}`;
}

function printTypeRef(type: ApiTypeRef): string {
  switch (type.kind) {
    case "named":
      return type.name;
    case "list":
      return `[${printTypeRef(type.of)}]`;
    case "nonNull":
      return `${printTypeRef(type.of)}!`;
  }
}

function namedTypeOf(type: ApiTypeRef): string {
  return type.kind === "named" ? type.name : namedTypeOf(type.of);
}

/** A default value as a GraphQL literal; enum values print bare, so the field's type decides. */
function printValue(value: ApiPlainValue, type: ApiTypeRef, types: ReadonlyMap<string, ApiTypeDef>): string {
  if (value === null) return "null";
  const inner = type.kind === "nonNull" ? type.of : type;
  if (Array.isArray(value)) {
    const element = inner.kind === "list" ? inner.of : inner;
    return `[${value.map((item: ApiPlainValue) => printValue(item, element, types)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const def = types.get(namedTypeOf(inner));
    const fields = def?.kind === "input" ? new Map(def.fields.map((field) => [field.name, field.type])) : new Map<string, ApiTypeRef>();
    const entries = Object.entries(value as { readonly [key: string]: ApiPlainValue }).map(
      ([key, item]) => `${key}: ${printValue(item, fields.get(key) ?? { kind: "named", name: "String" }, types)}`,
    );
    return `{${entries.join(", ")}}`;
  }
  if (typeof value === "string" && types.get(namedTypeOf(inner))?.kind === "enum") return value;
  return JSON.stringify(value);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Code-unit order, the same everywhere (localeCompare depends on the machine's locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
