/**
 * wesley-ir/v1: the intermediate representation every emitter, `wesley ir --json` and `wesley diff` consume.
 *
 * Contract (see docs/adr/0031-schema-and-registry-hashes.md and 0033-ir-normalisation.md):
 * - Plain data only: objects, arrays, strings, integers, booleans, null. No undefined (optional keys are
 *   omitted), no Maps, no class instances, so it encodes to canonical CBOR and to JSON the same way.
 * - Everything is sorted by name (types, fields, args, enum values, union members, interfaces, registry
 *   entries), so the IR and its hash do not depend on file order, `extend type` placement or field order.
 * - Source locations are NOT part of the IR (moving a definition to another file must not change the
 *   schema hash); they live in the `SourceIndex` side table returned next to it.
 */

export const IR_VERSION = "wesley-ir/v1" as const;

/** A GraphQL type reference, structured so emitters never re-parse strings. */
export type TypeRef =
  | { readonly kind: "named"; readonly name: string }
  | { readonly kind: "list"; readonly of: TypeRef }
  | { readonly kind: "nonNull"; readonly of: TypeRef };

/** `@constraint(...)` arguments; only the keys the author wrote are present. */
export interface Constraint {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface ArgDef {
  readonly name: string;
  readonly description?: string;
  readonly type: TypeRef;
  /** Default value as canonical JSON-compatible data (GraphQL value coerced to plain data). */
  readonly defaultValue?: PlainValue;
  readonly constraint?: Constraint;
  readonly deprecationReason?: string;
}

export interface FieldDef {
  readonly name: string;
  readonly description?: string;
  readonly type: TypeRef;
  /** Sorted by name. Empty for input fields. */
  readonly args: readonly ArgDef[];
  readonly defaultValue?: PlainValue;
  readonly constraint?: Constraint;
  readonly deprecationReason?: string;
  /** `@derived(fold: "...")`: computed from history by the named fold, never stored or written. */
  readonly derivedFrom?: string;
  /** `@requires(caps: [...])` on the field (ops use this), sorted and de-duplicated. */
  readonly requiresCaps?: readonly string[];
  /** `@op(...)` on a Mutation field. */
  readonly op?: OpDirective;
}

export interface OpDirective {
  /** Exactly one of creates / updates / deletes names the node or edge kind the verb touches. */
  readonly effect: "creates" | "updates" | "deletes";
  /** The node or edge kind (type name) the verb touches. */
  readonly target: string;
  /** The op's input type (the type of its single `input` argument). */
  readonly input: string;
  /** updates/deletes: the input field holding the id of the record touched (`@op(..., id: "taskId")`). */
  readonly idField?: string;
  /** creates on an edge kind: the input fields holding the endpoint node ids. */
  readonly fromField?: string;
  readonly toField?: string;
  /**
   * Input fields copied onto the record as attributes: those whose name is a stored (non-id, non-derived) field
   * of the target kind. Every other input field is kept in history only (folds and policy can read it). Sorted.
   */
  readonly attributeFields: readonly string[];
}

export interface EnumValueDef {
  readonly name: string;
  readonly description?: string;
  readonly deprecationReason?: string;
}

interface TypeDefBase {
  readonly name: string;
  readonly description?: string;
}

export interface ObjectTypeDef extends TypeDefBase {
  readonly kind: "object";
  readonly fields: readonly FieldDef[];
  readonly interfaces: readonly string[];
  /** `@node`: a graph node kind; its registry id is in `registry.nodes`. */
  readonly node?: true;
  /** `@edge(from, to)`: a graph edge kind between two node kinds. */
  readonly edge?: { readonly from: string; readonly to: string };
  readonly requiresCaps?: readonly string[];
}

export interface InterfaceTypeDef extends TypeDefBase {
  readonly kind: "interface";
  readonly fields: readonly FieldDef[];
  readonly interfaces: readonly string[];
}

export interface InputTypeDef extends TypeDefBase {
  readonly kind: "input";
  readonly fields: readonly FieldDef[];
  /** `@oneOf` input objects: exactly one field must be set. */
  readonly oneOf?: true;
}

export interface EnumTypeDef extends TypeDefBase {
  readonly kind: "enum";
  readonly values: readonly EnumValueDef[];
}

export interface UnionTypeDef extends TypeDefBase {
  readonly kind: "union";
  readonly members: readonly string[];
}

export interface ScalarTypeDef extends TypeDefBase {
  readonly kind: "scalar";
  /** True for the five GraphQL built-ins (they are listed so consumers need no special cases). */
  readonly builtin?: true;
  readonly specifiedByURL?: string;
}

export type TypeDef = ObjectTypeDef | InterfaceTypeDef | InputTypeDef | EnumTypeDef | UnionTypeDef | ScalarTypeDef;

export interface RegistryEntry {
  readonly name: string;
  readonly id: number;
}

export type RegistryNamespace = "nodes" | "edges" | "ops";

export interface RetiredEntry {
  readonly namespace: RegistryNamespace;
  readonly name: string;
  readonly id: number;
  readonly reason?: string;
}

export interface RegistryIR {
  /** `registry:` in kinds.yaml (e.g. "jitos"). */
  readonly name: string;
  /** `version:` in kinds.yaml. */
  readonly version: number;
  readonly nodes: readonly RegistryEntry[];
  readonly edges: readonly RegistryEntry[];
  readonly ops: readonly RegistryEntry[];
  /** Sorted by namespace, then id. */
  readonly retired: readonly RetiredEntry[];
}

/** A fold that derives a field from history (from `@derived(fold:)`). Sorted by name. */
export interface FoldDef {
  readonly name: string;
  /** Schema coordinates (`Type.field`) whose value this fold derives, sorted. */
  readonly derives: readonly string[];
}

export interface WesleyIR {
  readonly version: typeof IR_VERSION;
  /** Root operation type names, when the schema has them. */
  readonly roots: { readonly query?: string; readonly mutation?: string; readonly subscription?: string };
  /** Every named type, built-in scalars included, sorted by name. */
  readonly types: readonly TypeDef[];
  readonly registry: RegistryIR;
  readonly folds: readonly FoldDef[];
}

/** JSON-compatible plain data (used for default values). */
export type PlainValue = null | boolean | number | string | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** Where something was written: 1-based line and column, path relative to the working directory, `/`-separated. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Schema coordinate -> where it was defined. Coordinates follow the GraphQL schema-coordinates RFC:
 * `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, plus `@registry.nodes.Task` for kinds.yaml entries.
 */
export type SourceIndex = ReadonlyMap<string, SourceLocation>;
