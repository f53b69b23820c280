/**
 * The fixed parts of ops.ts (prettier-formatted; identifiers `$`-prefixed or fixed exported names, see
 * validators-runtime.ts). The helpers are written only when the schema has ops, so no unused code is emitted.
 */
/** Verb name types and the error builders throw; always written. */
export const OPS_TYPES: readonly string[] = [
  "/** The name of every verb. */",
  'export type OpName = Op["op"];',
  "",
  '/** The op of one verb, e.g. `OpOf<"createTask">`. */',
  "export type OpOf<Name extends OpName> = Extract<Op, { readonly op: Name }>;",
  "",
  "/** Thrown by `ops.<verb>(input)` when the input is invalid; `issues` lists every path + reason found. */",
  "export class InvalidOpInputError extends Error {",
  "  readonly op: string;",
  "  readonly issues: readonly ValidationIssue[];",
  "",
  "  constructor(op: string, issues: readonly ValidationIssue[]) {",
  '    const details = issues.map((issue) => `${issue.path === "" ? "(input)" : issue.path}: ${issue.message}`);',
  '    super(`invalid input for op ${op}: ${details.join("; ")}`);',
  '    this.name = "InvalidOpInputError";',
  "    this.op = op;",
  "    this.issues = issues;",
  "  }",
  "}",
];

/** Builder machinery; written when the schema has at least one op. */
export const OPS_HELPERS: readonly string[] = [
  "/** Fills defaults, then validates; the op is built only from a valid input. */",
  "function $build<Name extends string, Input>(",
  "  op: Name,",
  "  validate: (value: unknown) => ValidationResult<Input>,",
  "  input: unknown,",
  "  defaults: { readonly [field: string]: unknown },",
  "): ValidationResult<{ readonly op: Name; readonly input: Input }> {",
  "  const result = validate($withDefaults(input, defaults));",
  "  return result.ok ? { ok: true, value: { op, input: result.value } } : result;",
  "}",
  "",
  "/** A copy of an input object without undefined fields and with absent top-level fields set to their defaults. */",
  "function $withDefaults(input: unknown, defaults: { readonly [field: string]: unknown }): unknown {",
  '  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;',
  "  const filled: { [field: string]: unknown } = {};",
  "  const entries = [...Object.entries(defaults), ...Object.entries(input)];",
  "  for (const [field, value] of entries) {",
  "    // defineProperty, not assignment: a field named __proto__ must stay a field, not replace the prototype.",
  "    if (value !== undefined)",
  "      Object.defineProperty(filled, field, { value, enumerable: true, writable: true, configurable: true });",
  "  }",
  "  return filled;",
  "}",
  "",
  "function $orThrow<T>(op: string, result: ValidationResult<T>): T {",
  "  if (result.ok) return result.value;",
  "  throw new InvalidOpInputError(op, result.errors);",
  "}",
];
