import { Kind } from "graphql";
import type { ConstDirectiveNode, TypeNode } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import { locationOf } from "../load/location.js";
import type { FieldNode, SchemaModel } from "../load/model.js";
import { findDirective, isCanonicallyExact, isListType, namedTypeOf, numberArgument, stringArgument } from "./ast.js";
import type { LocatedValue } from "./ast.js";

const STRING_TYPES = new Set(["String", "ID"]);
const NUMBER_TYPES = new Set(["Int", "Float"]);

/** Which types each @constraint argument applies to. Scalars apply to list items too (`[String!]!` + minLength). */
const APPLIES_TO = {
  minLength: { fits: (t: TypeNode) => STRING_TYPES.has(namedTypeOf(t)), needs: "a String or ID field (or a list of them)" },
  maxLength: { fits: (t: TypeNode) => STRING_TYPES.has(namedTypeOf(t)), needs: "a String or ID field (or a list of them)" },
  pattern: { fits: (t: TypeNode) => STRING_TYPES.has(namedTypeOf(t)), needs: "a String or ID field (or a list of them)" },
  min: { fits: (t: TypeNode) => NUMBER_TYPES.has(namedTypeOf(t)), needs: "an Int or Float field (or a list of them)" },
  max: { fits: (t: TypeNode) => NUMBER_TYPES.has(namedTypeOf(t)), needs: "an Int or Float field (or a list of them)" },
  minItems: { fits: isListType, needs: "a list field" },
  maxItems: { fits: isListType, needs: "a list field" },
} as const;

type ConstraintArg = keyof typeof APPLIES_TO;

/** Pairs that must satisfy min <= max, and the arguments that are counts (never negative). */
const RANGES: readonly (readonly [ConstraintArg, ConstraintArg])[] = [
  ["minLength", "maxLength"],
  ["min", "max"],
  ["minItems", "maxItems"],
];
const COUNTS: readonly ConstraintArg[] = ["minLength", "maxLength", "minItems", "maxItems"];

export function checkConstraints(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const type of model.types.values()) {
    if (type.kind !== "object" && type.kind !== "interface" && type.kind !== "input") continue;
    for (const field of type.fields.values()) {
      const coordinate = `${type.name}.${field.name.value}`;
      checkOne(field, coordinate, diagnostics);
      if (field.kind === Kind.FIELD_DEFINITION) {
        for (const arg of field.arguments ?? []) checkOne(arg, `${coordinate}(${arg.name.value}:)`, diagnostics);
      }
    }
  }
  return diagnostics;
}

function checkOne(field: FieldNode, coordinate: string, diagnostics: Diagnostic[]): void {
  const constraint = findDirective(field.directives, "constraint");
  if (constraint === undefined) return;
  const typeText = field.type.loc ? field.type.loc.source.body.slice(field.type.loc.start, field.type.loc.end) : namedTypeOf(field.type);
  for (const arg of constraint.arguments ?? []) {
    const name = arg.name.value as ConstraintArg;
    const rule = APPLIES_TO[name];
    if (rule === undefined) continue; // unknown argument: reported by the SDL rules
    if (!rule.fits(field.type)) {
      diagnostics.push(
        error("WESLEY_CONSTRAINT_TYPE", `@constraint(${name}:) on "${coordinate}" needs ${rule.needs}; the field is \`${typeText}\`.`, locationOf(arg), `Remove \`${name}\`, or use the constraint that fits \`${typeText}\` (see docs/directives.md).`),
      );
    }
  }
  checkNumbers(constraint, coordinate, diagnostics);
  const pattern = stringArgument(constraint, "pattern");
  if (pattern !== undefined) checkPattern(pattern, coordinate, diagnostics);
}

function checkNumbers(constraint: ConstDirectiveNode, coordinate: string, diagnostics: Diagnostic[]): void {
  const values = new Map<ConstraintArg, LocatedValue<number>>();
  for (const name of Object.keys(APPLIES_TO) as ConstraintArg[]) {
    const v = numberArgument(constraint, name);
    if (v !== undefined) values.set(name, v);
  }
  for (const [name, v] of values) {
    if (!isCanonicallyExact(v.value)) {
      diagnostics.push(
        error(
          "WESLEY_CONSTRAINT_RANGE",
          `@constraint(${name}: ${v.value}) on "${coordinate}" is outside the range a bound can take exactly (±${Number.MAX_SAFE_INTEGER}).`,
          v.location,
          `Use a bound between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, or remove \`${name}\`.`,
        ),
      );
      values.delete(name);
    }
  }
  for (const name of COUNTS) {
    const v = values.get(name);
    if (v !== undefined && v.value < 0) {
      diagnostics.push(error("WESLEY_CONSTRAINT_RANGE", `@constraint(${name}: ${v.value}) on "${coordinate}" is negative.`, v.location, `A length or count is at least 0; use ${name}: 0 or remove it.`));
    }
  }
  for (const [minName, maxName] of RANGES) {
    const min = values.get(minName);
    const max = values.get(maxName);
    if (min !== undefined && max !== undefined && min.value > max.value) {
      diagnostics.push(
        error("WESLEY_CONSTRAINT_RANGE", `@constraint on "${coordinate}" has ${minName}: ${min.value} greater than ${maxName}: ${max.value}; no value could pass.`, min.location, `Make ${minName} <= ${maxName}.`),
      );
    }
  }
}

function checkPattern(pattern: LocatedValue<string>, coordinate: string, diagnostics: Diagnostic[]): void {
  try {
    // Generated validators compile the pattern exactly like this (no flags), so this is the check that matters.
    new RegExp(pattern.value);
  } catch (e) {
    diagnostics.push(
      error(
        "WESLEY_CONSTRAINT_PATTERN",
        `@constraint(pattern:) on "${coordinate}" is not a valid JavaScript regular expression: ${e instanceof Error ? e.message : String(e)}.`,
        pattern.location,
        "Fix the expression; remember that in an SDL string a backslash is written twice (\"\\\\d\" for \\d).",
      ),
    );
  }
}
