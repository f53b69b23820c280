/**
 * policy.ts: the policy table (op -> capabilities it requires, from `@requires` on the op and its target type) and
 * the typed shape of the user's predicates (docs/policy.md). Deny by default: the kernel refuses an op this table
 * does not list, and an op whose capabilities the principal lacks.
 */
import type { OpModel } from "../model/domain-model.js";
import type { HeaderFacts } from "../source/header.js";
import { propertyKey, stringLiteral } from "../source/literals.js";
import { PRINT_WIDTH_CHARS } from "../source/layout.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { namedImport } from "./declarations.js";

const POLICY_TYPES = `/** Who applies an op: its id (recorded in history) and the capabilities granted to it. */
export interface PolicyPrincipal {
  readonly id: string;
  readonly capabilities: readonly string[];
}

/** What a predicate may read about the view, as it is before the rewrite. */
export interface PolicyReader {
  /** A node of the view, or null when there is none with this id. */
  node(id: string): { readonly id: string; readonly kind: string; readonly attrs: unknown } | null;
  /** A derived field computed by a fold, e.g. \`field("Task.state", taskId)\`. */
  field(coordinate: string, recordId?: string): unknown;
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

export function emitPolicyFile(ops: readonly OpModel[], header: HeaderFacts, printer: TsPrinter): string {
  const statements: Statement[] = [
    namedImport(printer, ["OpName", "OpOf"], "./ops.js", true),
    BLANK_LINE,
    policyTable(ops),
    BLANK_LINE,
    POLICY_TYPES,
  ];
  return printer.printFile(header, statements);
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
