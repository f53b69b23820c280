// The sample validator checks the common case (a valid plain object) without copying and returns it as it is;
// every other input takes the path that copies. Whatever the input, the answer must be the one the kernel saw
// before that split: the same issues in the same order, and for a valid input the same data once the kernel has
// copied it (the kernel keeps a frozen copy of what the validator returns, never the caller's object).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frozenCopy } from "../../rewrite/plain-value.js";
import type { ValidationIssue, ValidationResult } from "../spec.js";
import { objectValidator } from "./object-validator.js";
import type { FieldRule } from "./object-validator.js";

const fields: Record<string, FieldRule> = {
  intent: { type: "string", minLength: 1, maxLength: 8 },
  priority: { type: "integer", min: 0, max: 100, default: 50 },
  reason: { type: "string", maxLength: 4, optional: true },
  tags: { type: "stringList", minItems: 1, maxItems: 2 },
  weight: { type: "integer", min: 0, max: 10, optional: true },
};

/** The validator as it was before the allocation-free path: one loop that always builds the copy. */
function referenceValidator(rules: Readonly<Record<string, FieldRule>>) {
  const names = Object.keys(rules).sort();
  return (value: unknown): ValidationResult<unknown> => {
    const issues: ValidationIssue[] = [];
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, errors: [{ path: "", message: "expected an object" }] };
    }
    const input = value as Record<string, unknown>;
    for (const key of Object.keys(input).sort()) {
      if (!(key in rules))
        issues.push({ path: `/${key}`, message: `unknown field; expected one of ${names.join(", ")}` });
    }
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const rule = rules[name]!;
      const field = input[name];
      if (field === undefined) {
        if (rule.type === "integer" && rule.default !== undefined) out[name] = rule.default;
        else if (!("optional" in rule && rule.optional)) issues.push({ path: `/${name}`, message: "required" });
        continue;
      }
      const ok = referenceCheck(rule, field);
      if (ok !== null) issues.push({ path: `/${name}`, message: ok });
      else out[name] = Array.isArray(field) ? [...(field as string[])] : field;
    }
    return issues.length === 0 ? { ok: true, value: out } : { ok: false, errors: issues };
  };
}

function referenceCheck(rule: FieldRule, field: unknown): string | null {
  if (rule.type === "string") {
    if (typeof field !== "string") return "expected a string";
    if (rule.minLength !== undefined && field.length < rule.minLength) return `expected length >= ${rule.minLength}`;
    if (rule.maxLength !== undefined && field.length > rule.maxLength) return `expected length <= ${rule.maxLength}`;
    return null;
  }
  if (rule.type === "integer") {
    if (typeof field !== "number" || !Number.isSafeInteger(field)) return "expected an integer";
    if (rule.min !== undefined && field < rule.min) return `expected >= ${rule.min}`;
    if (rule.max !== undefined && field > rule.max) return `expected <= ${rule.max}`;
    return null;
  }
  if (!Array.isArray(field) || !field.every((item) => typeof item === "string")) return "expected a list of strings";
  if (rule.minItems !== undefined && field.length < rule.minItems) return `expected >= ${rule.minItems} items`;
  if (rule.maxItems !== undefined && field.length > rule.maxItems) return `expected <= ${rule.maxItems} items`;
  return null;
}

const fieldValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer({ min: -5, max: 120 }),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
  fc.constantFrom(undefined, null, true),
);
const key = fc.oneof(
  fc.constantFrom(...Object.keys(fields)),
  fc.constantFrom("title", "toString", "constructor", "hasOwnProperty", ""),
);
const input = fc.oneof(
  fc.dictionary(key, fieldValue, { maxKeys: 7 }),
  // Valid shapes are a small corner of the space above; generate them on purpose too, sometimes with one more key
  // (unknown, or a field set to something else, undefined included).
  fc
    .tuple(
      fc.record(
        {
          intent: fc.string({ minLength: 1, maxLength: 8 }),
          priority: fc.integer({ min: 0, max: 100 }),
          reason: fc.string({ maxLength: 4 }),
          tags: fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 2 }),
          weight: fc.integer({ min: 0, max: 10 }),
        },
        { requiredKeys: ["intent", "tags"] },
      ),
      fc.option(fc.tuple(key, fieldValue)),
    )
    .map(([valid, extra]) => (extra === null ? valid : { ...valid, [extra[0]]: extra[1] })),
);

describe("objectValidator", () => {
  const validate = objectValidator(fields);
  const reference = referenceValidator(fields);

  it("answers every input as the copying validator did: same issues, same data once the kernel copies it", () => {
    fc.assert(
      fc.property(input, fc.boolean(), (value, nullPrototype) => {
        const given = nullPrototype ? Object.assign(Object.create(null) as object, value) : value;
        const expected = reference(given);
        const actual = validate(given);
        expect(actual.ok).toBe(expected.ok);
        if (!actual.ok || !expected.ok) {
          expect(actual).toEqual(expected);
          return;
        }
        expect(frozenCopy(actual.value, "/input")).toEqual(frozenCopy(expected.value, "/input"));
      }),
      { numRuns: 2000 },
    );
  });

  it("copies an instance of a class into plain data rather than handing the instance on", () => {
    class Input {
      constructor(
        readonly intent: string,
        readonly tags: string[],
      ) {}
    }
    const result = validate(new Input("plan", ["a"]));
    expect(result).toEqual({ ok: true, value: { intent: "plan", priority: 50, tags: ["a"] } });
    if (result.ok) expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });

  it("fills a missing default into a copy and leaves the caller's object alone", () => {
    const given = { intent: "plan", tags: ["a"] };
    expect(validate(given)).toEqual({ ok: true, value: { intent: "plan", priority: 50, tags: ["a"] } });
    expect(given).toEqual({ intent: "plan", tags: ["a"] });
  });
});
