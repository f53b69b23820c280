// A tiny stand-in for the generated TypeBox validators: checks a flat object of string / integer / string-list
// fields, rejects unknown fields, and fills defaults. Enough to exercise the kernel before generated/ exists.
import type { Validate, ValidationIssue } from "../spec.js";

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
  return (value: unknown) => {
    const issues: ValidationIssue[] = [];
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, errors: [{ path: "", message: "expected an object" }] };
    }
    const input = value as Record<string, unknown>;
    // Sorted only when some key is unknown (so issues come in a stable order); the kernel benchmark runs this per op.
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
  };
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
