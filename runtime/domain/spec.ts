/**
 * The public shape of generated code that the kernel runs on (DESIGN.md: "runtime imports only the generated
 * modules' public shape"). `wesley build --target jitos` emits a `domain` object satisfying `DomainSpec` in
 * `<out>/domain.ts`; the kernel never imports anything else from generated code.
 *
 * Validators are the generated TypeBox validators: a fast compiled check, and only when it fails, a list of
 * path + reason issues.
 */

export interface ValidationIssue {
  /** JSON-pointer-like path into the value, "" for the value itself (e.g. "/title"). */
  readonly path: string;
  /** What is wrong, for a person (e.g. "expected string length >= 1"). */
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

export type Validate<T = unknown> = (value: unknown) => ValidationResult<T>;

export interface NodeKindSpec {
  readonly name: string;
  /** Registry id from kinds.yaml (stable forever). */
  readonly id: number;
  /** Stored attribute field names (no `id`, no `@derived` fields), sorted. */
  readonly attributeFields: readonly string[];
  /** Validates a node's attribute object (all stored fields, unknown fields rejected). */
  readonly validateAttributes: Validate;
}

export interface EdgeKindSpec {
  readonly name: string;
  readonly id: number;
  /** Node kind names of the endpoints. */
  readonly from: string;
  readonly to: string;
  readonly attributeFields: readonly string[];
  readonly validateAttributes: Validate;
}

export interface OpSpec {
  /** The verb, e.g. "createTask"; also the discriminant of the generated op union (`{ op: "createTask", input }`). */
  readonly name: string;
  readonly id: number;
  readonly effect: "creates" | "updates" | "deletes";
  /** Node or edge kind name the verb touches. */
  readonly target: string;
  readonly targetIsEdge: boolean;
  /** updates/deletes: input field holding the id of the record touched. */
  readonly idField?: string;
  /** creates on an edge kind: input fields holding the endpoint node ids. */
  readonly fromField?: string;
  readonly toField?: string;
  /** Input fields copied onto the record as attributes (sorted); the rest stay in history only. */
  readonly attributeFields: readonly string[];
  /** Capabilities required by `@requires` on the op (and on its target type), sorted, de-duplicated. */
  readonly requiresCaps: readonly string[];
  /** Validates the op's input object. */
  readonly validateInput: Validate;
}

export interface DomainSpec {
  /** `registry:` from kinds.yaml. */
  readonly registryName: string;
  /** BLAKE3-256 hex of the canonical IR (wesley-ir/v1). */
  readonly schemaHash: string;
  /** BLAKE3-256 hex of the canonical registry. */
  readonly registryHash: string;
  readonly generatorVersion: string;
  /** Sorted by name. */
  readonly nodes: readonly NodeKindSpec[];
  readonly edges: readonly EdgeKindSpec[];
  readonly ops: readonly OpSpec[];
}

/** A typed rewrite operation as generated builders produce it. */
export interface TypedOp<Name extends string = string, Input = unknown> {
  readonly op: Name;
  readonly input: Input;
}
