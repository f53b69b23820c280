import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import type { SchemaModel } from "../load/model.js";
import { findDirective, stringArgument } from "./ast.js";

/** Fold names become identifiers in generated code (the reducer a user writes), so they must be identifiers. */
export const FOLD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkDerived(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const type of model.types.values()) {
    if (type.kind !== "object" && type.kind !== "interface") continue;
    for (const field of type.fields.values()) {
      const derived = findDirective(field.directives, "derived");
      if (derived === undefined) continue;
      const fold = stringArgument(derived, "fold");
      if (fold === undefined || FOLD_NAME.test(fold.value)) continue;
      diagnostics.push(
        error(
          "WESLEY_DERIVED_FOLD",
          `@derived(fold: ${JSON.stringify(fold.value)}) on "${type.name}.${field.name.value}" is not a fold name.`,
          fold.location,
          'Name the fold that computes this field, as an identifier (letters, digits, underscores), e.g. @derived(fold: "taskState").',
        ),
      );
    }
  }
  return diagnostics;
}
