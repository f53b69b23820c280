// A tiny stand-in for the generated TypeBox validators: checks a flat object of string / integer / string-list
// fields, rejects unknown fields, and fills defaults. Enough to exercise the kernel before generated/ exists.
//
// Like the generated validators, a valid plain value is returned as it is (the kernel copies and freezes what it
// keeps). The kernel benchmark runs this twice per op, so that case is checked without allocating; anything else
// (a default to fill, an issue to report, another prototype) takes the copying path, unchanged from before.
import type { Validate, ValidationIssue, ValidationResult } from "../spec.js";

export type FieldRule =
  | { readonly type: "string"; readonly minLength?: number; readonly maxLength?: number; readonly optional?: boolean }
  | {
      readonly type: "integer";
      readonly min?: number;
      readonly max?: number;
      readonly default?: number;
      readonly optional?: boolean;
    }
  | { readonly type: "stringList"; readonly minItems?: number; readonly maxItems?: number };

export function objectValidator(fields: Readonly<Record<string, FieldRule>>): Validate {
  const names = Object.keys(fields).sort();
  const rules = names.map((name) => fields[name]!);
  return (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, errors: [{ path: "", message: "expected an object" }] };
    }
    const input = value as Record<string, unknown>;
    return isPlainValid(input, names, rules) ? { ok: true, value: input } : checkedCopy(fields, names, input);
  };
}

/**
 * The common case, checked without allocating: a plain object whose own keys are all fields with valid values,
 * and no default to fill. Anything else takes `checkedCopy`, which finds the issues or builds the filled copy.
 */
function isPlainValid(input: Record<string, unknown>, names: readonly string[], rules: readonly FieldRule[]): boolean {
  const prototype: unknown = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) return false;
  let present = 0;
  for (let i = 0; i < names.length; i++) {
    const rule = rules[i]!;
    const field = input[names[i]!];
    if (field === undefined) {
      if (rule.type === "stringList" || rule.optional !== true || ("default" in rule && rule.default !== undefined)) {
        return false;
      }
      continue;
    }
    if (checkField(rule, field) !== null) return false;
    present++;
  }
  // Own keys beyond the fields present: unknown fields (or undefined values), reported or dropped below.
  let keys = 0;
  for (const key in input) if (Object.hasOwn(input, key)) keys++;
  return keys === present;
}

/** The validated copy of `input` with defaults filled, or every issue in a stable order. */
function checkedCopy(
  fields: Readonly<Record<string, FieldRule>>,
  names: readonly string[],
  input: Record<string, unknown>,
): ValidationResult<unknown> {
  const issues: ValidationIssue[] = [];
  const keys = Object.keys(input);
  if (keys.some((key) => !(key in fields))) {
    for (const key of keys.sort()) {
      if (!(key in fields))
        issues.push({ path: `/${key}`, message: `unknown field; expected one of ${names.join(", ")}` });
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const rule = fields[name]!;
    const field = input[name];
    const path = `/${name}`;
    if (field === undefined) {
      if (rule.type === "integer" && rule.default !== undefined) out[name] = rule.default;
      else if (!("optional" in rule && rule.optional)) issues.push({ path, message: "required" });
      continue;
    }
    const problem = checkField(rule, field);
    if (problem !== null) issues.push({ path, message: problem });
    else out[name] = Array.isArray(field) ? [...(field as string[])] : field;
  }
  return issues.length === 0 ? { ok: true, value: out } : { ok: false, errors: issues };
}

function checkField(rule: FieldRule, field: unknown): string | null {
  switch (rule.type) {
    case "string":
      if (typeof field !== "string") return "expected a string";
      if (rule.minLength !== undefined && field.length < rule.minLength) return `expected length >= ${rule.minLength}`;
      if (rule.maxLength !== undefined && field.length > rule.maxLength) return `expected length <= ${rule.maxLength}`;
      return null;
    case "integer":
      if (typeof field !== "number" || !Number.isSafeInteger(field)) return "expected an integer";
      if (rule.min !== undefined && field < rule.min) return `expected >= ${rule.min}`;
      if (rule.max !== undefined && field > rule.max) return `expected <= ${rule.max}`;
      return null;
    case "stringList":
      if (!Array.isArray(field) || !field.every((item) => typeof item === "string"))
        return "expected a list of strings";
      if (rule.minItems !== undefined && field.length < rule.minItems) return `expected >= ${rule.minItems} items`;
      if (rule.maxItems !== undefined && field.length > rule.maxItems) return `expected <= ${rule.maxItems} items`;
      return null;
  }
}
