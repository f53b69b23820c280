import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import type { SourceLocation } from "../ir/types.js";
import type { SchemaModel } from "../load/model.js";
import { findDirective, stringArgument } from "./ast.js";
import { isNodeKind } from "./kinds.js";

/** Fold names become identifiers in generated code (the reducer a user writes), so they must be identifiers. */
export const FOLD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface FoldUse {
  readonly coordinate: string;
  readonly onQuery: boolean;
  readonly location: SourceLocation;
}

/**
 * Rules for `@derived(fold:)` (docs/folds.md): the fold name is an identifier; the field is on a `@node` kind (one
 * value per record) or on the Query root (one value per view), the only places history reaches; one fold is one or
 * the other; and no two fold names map to the same generated type names (`taskState` and `TaskState`).
 */
export function checkDerived(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const uses = new Map<string, FoldUse[]>();
  for (const type of model.types.values()) {
    if (type.kind !== "object" && type.kind !== "interface") continue;
    for (const field of type.fields.values()) {
      const derived = findDirective(field.directives, "derived");
      if (derived === undefined) continue;
      const fold = stringArgument(derived, "fold");
      if (fold === undefined) continue;
      const coordinate = `${type.name}.${field.name.value}`;
      if (!FOLD_NAME.test(fold.value)) {
        diagnostics.push(
          error(
            "WESLEY_DERIVED_FOLD",
            `@derived(fold: ${JSON.stringify(fold.value)}) on "${coordinate}" is not a fold name.`,
            fold.location,
            'Name the fold that computes this field, as an identifier (letters, digits, underscores), e.g. @derived(fold: "taskState").',
          ),
        );
        continue;
      }
      const onQuery = type.name === model.roots.query;
      if (!onQuery && !isNodeKind(type)) {
        diagnostics.push(
          error(
            "WESLEY_DERIVED_HOLDER",
            `@derived(fold: "${fold.value}") is on "${coordinate}", but ${type.name} is neither a @node kind nor the Query root, so no history reaches the fold.`,
            fold.location,
            `Put the field on a @node type (one value per record, from the ops that target it) or on the Query root (one value per view, from every op).`,
          ),
        );
        continue;
      }
      const list = uses.get(fold.value) ?? [];
      list.push({ coordinate, onQuery, location: fold.location });
      uses.set(fold.value, list);
    }
  }
  for (const [fold, list] of uses) {
    const query = list.find((use) => use.onQuery);
    const record = list.find((use) => !use.onQuery);
    if (query === undefined || record === undefined) continue;
    const later = compareLocations(query.location, record.location) > 0 ? query : record;
    diagnostics.push(
      error(
        "WESLEY_DERIVED_SCOPE",
        `fold "${fold}" derives "${query.coordinate}" (one value per view) and "${record.coordinate}" (one value per record).`,
        later.location,
        "Give the Query field and the node field folds of their own; a fold keeps either one state per view or one per record.",
      ),
    );
  }
  const byPrefix = new Map<string, string>();
  for (const fold of [...uses.keys()].sort()) {
    const prefix = fold.charAt(0).toUpperCase() + fold.slice(1);
    const other = byPrefix.get(prefix);
    if (other === undefined) {
      byPrefix.set(prefix, fold);
      continue;
    }
    diagnostics.push(
      error(
        "WESLEY_FOLD_NAME_CLASH",
        `folds "${other}" and "${fold}" would both generate the types ${prefix}Event, ${prefix}Result and ${prefix}Fold.`,
        uses.get(fold)![0]!.location,
        `Rename one of the folds so the names differ beyond the case of their first letter.`,
      ),
    );
  }
  return diagnostics;
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
