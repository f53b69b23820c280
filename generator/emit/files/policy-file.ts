/**
 * policy.ts: the policy table (op -> capabilities it requires, from `@requires` on the op and its target type) and
 * the typed shape of the user's predicates (docs/policy.md). Deny by default: the kernel refuses an op this table
 * does not list, and an op whose capabilities the principal lacks.
 */
import type { TypeRef } from "../../ir/types.js";
import type { OpModel } from "../model/domain-model.js";
import type { HeaderFacts } from "../source/header.js";
import { propertyKey, stringLiteral } from "../source/literals.js";
import { PRINT_WIDTH_CHARS } from "../source/layout.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { namedImport, namespaceImport } from "./declarations.js";
import { typeExpression, type TypeNaming } from "./type-expressions.js";

const POLICY_TYPES = `/** Who applies an op: its id (recorded in history) and the capabilities granted to it. */
export interface PolicyPrincipal {
  readonly id: string;
  readonly capabilities: readonly string[];
}

/** What a predicate may read about the view, as it is before the rewrite. */
export interface PolicyReader {
  /** A node of the view, or null when there is none with this id. */
  node(id: string): { readonly id: string; readonly kind: string; readonly attrs: unknown } | null;
  /** A derived field computed by a fold, e.g. \`field("Task.state", taskId)\` (omit the id for Query fields). */
  FIELD_SIGNATURE
}

/** One op a principal asks to apply; predicates run only after the principal has every required capability. */
export interface PolicyRequest<Name extends OpName> {
  readonly principal: PolicyPrincipal;
  readonly op: OpOf<Name>;
  /** Position of the op in its rewrite. */
  readonly opIndex: number;
  /** The view the rewrite targets, e.g. "sws:0". */
  readonly view: string;
  readonly read: PolicyReader;
}

/** \`true\` allows; a denial names its rule (recorded in history and returned with FORBIDDEN) and says why. */
export type PolicyDecision = true | { readonly deny: string; readonly reason: string };

/** Predicates by op name: pure and deterministic, like folds (docs/policy.md). */
export type PolicyPredicates = { readonly [Name in OpName]?: (request: PolicyRequest<Name>) => PolicyDecision };`;

const UNTYPED_FIELD = "field(coordinate: string, recordId?: string): unknown;";
const TYPED_FIELD =
  "field<Coordinate extends keyof DerivedFields>(coordinate: Coordinate, recordId?: string): DerivedFields[Coordinate];";

/**
 * policy.ts. `derived` lists every `@derived` field with its type, so `read.field("Task.state", id)` is typed
 * `types.TaskState` in a predicate (a schema without folds gets the untyped reader).
 */
export function emitPolicyFile(
  ops: readonly OpModel[],
  derived: readonly { readonly coordinate: string; readonly type: TypeRef }[],
  naming: TypeNaming,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const fieldTypes = [...derived]
    .sort((a, b) => (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0))
    .map((field) => ({ coordinate: field.coordinate, type: typeExpression(field.type, naming) }));
  const statements: Statement[] = [];
  if (fieldTypes.some((field) => field.type.includes("types."))) {
    statements.push(namespaceImport(printer, "types", "./types.js", true));
  }
  statements.push(namedImport(printer, ["OpName", "OpOf"], "./ops.js", true), BLANK_LINE, policyTable(ops), BLANK_LINE);
  if (fieldTypes.length > 0) statements.push(derivedFields(fieldTypes), BLANK_LINE);
  statements.push(POLICY_TYPES.replace("FIELD_SIGNATURE", fieldTypes.length > 0 ? TYPED_FIELD : UNTYPED_FIELD));
  return printer.printFile(header, statements);
}

function derivedFields(fields: readonly { readonly coordinate: string; readonly type: string }[]): string {
  const lines = fields.map((field) => `  readonly ${stringLiteral(field.coordinate)}: ${field.type};`);
  return `/** Every derived field by schema coordinate, with the type its fold returns: what \`read.field\` gives. */\nexport interface DerivedFields {\n${lines.join("\n")}\n}`;
}

function policyTable(ops: readonly OpModel[]): string {
  const doc = "/** Capabilities each op requires (`@requires` on the op and its target type), sorted. */\n";
  const entries = ops.map((op) => arrayText(`  ${propertyKey(op.name)}`, op.requiresCaps, "  "));
  return `${doc}export const policyTable = {\n${entries.join("\n")}\n} as const;`;
}

/** `key: ["a", "b"],` on one line, or one item per line when it is wider than prettier's print width. */
export function arrayText(key: string, items: readonly string[], indent: string): string {
  const oneLine = `${key}: [${items.map(stringLiteral).join(", ")}],`;
  if (oneLine.length <= PRINT_WIDTH_CHARS) return oneLine;
  return `${key}: [\n${items.map((item) => `${indent}  ${stringLiteral(item)},`).join("\n")}\n${indent}],`;
}
