/**
 * folds.ts: one typed signature per fold (the events it reads, its result; the state type is the reducer's
 * choice) and `foldSpecs`, the table the runtime's fold runner registers (docs/folds.md). Reducer bodies are user
 * code in scaffolded files (scaffold-files.ts); bindings.ts joins the two.
 */
import type { FoldModel } from "../model/fold-model.js";
import type { HeaderFacts } from "../source/header.js";
import { propertyKey, stringLiteral } from "../source/literals.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { namedImport, namespaceImport, typeAlias, unionAlias } from "./declarations.js";
import { typeExpression, type TypeNaming } from "./type-expressions.js";
import { arrayText } from "./policy-file.js";

const FOLD_RUNTIME = `/** Caller data recorded with a rewrite (\`principal\` names who applied it when a policy is installed). */
export type FoldMeta = { readonly [key: string]: unknown };

/** What a reducer receives for one op it reads, in history order. Frozen: never mutate it. */
export interface EventOf<Name extends OpName> {
  readonly op: Name;
  readonly input: OpOf<Name>["input"];
  /** The record the op created (its id) or touched (the op's id field). */
  readonly recordId: string;
  /** History idx of the rewrite that carried the op. */
  readonly idx: number;
  /** Position of the op inside that rewrite. */
  readonly opIndex: number;
  readonly meta: FoldMeta;
}`;

const REDUCER_TYPE = `/**
 * A fold's reducer (docs/folds.md): pure functions of their arguments. \`initial\` is the state before any event,
 * \`reduce\` returns the next state without mutating the old one, \`result\` projects a state to the derived value.
 * States are plain data (objects, arrays, strings, numbers, booleans, null).
 */
export interface FoldReducer<State, Event, Result> {
  readonly initial: State;
  reduce(state: State, event: Event): State;
  result(state: State): Result;
}`;

export function emitFoldsFile(
  folds: readonly FoldModel[],
  naming: TypeNaming,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const readsAny = folds.some((fold) => fold.reads.length > 0);
  const usesTypes = folds.some((fold) =>
    fold.resultTypes.some((type) => typeExpression(type, naming).includes("types.")),
  );
  const statements: Statement[] = [];
  if (usesTypes) statements.push(namespaceImport(printer, "types", "./types.js", true));
  if (readsAny) statements.push(namedImport(printer, ["OpName", "OpOf"], "./ops.js", true));
  statements.push(BLANK_LINE);
  if (readsAny) statements.push(FOLD_RUNTIME, BLANK_LINE);
  statements.push(REDUCER_TYPE);
  for (const fold of folds) statements.push(BLANK_LINE, ...foldSignature(printer, fold, naming));
  statements.push(BLANK_LINE, foldSpecsTable(folds));
  return printer.printFile(header, statements);
}

function foldSignature(printer: TsPrinter, fold: FoldModel, naming: TypeNaming): Statement[] {
  const prefix = fold.typePrefix;
  const where = fold.scope === "record" ? `one state per ${fold.kinds.join(" / ") || "record"}` : "one state per view";
  const reads = fold.reads.length === 0 ? "no ops" : fold.reads.join(", ");
  const results = fold.resultTypes.map((type) => typeExpression(type, naming));
  return [
    unionAlias(
      printer,
      { description: `Fold ${fold.name}: derives ${fold.derives.join(", ")}; ${where}. Reads ${reads}.` },
      `${prefix}Event`,
      fold.reads.map((op) => `EventOf<${stringLiteral(op)}>`),
    ),
    typeAlias(printer, { description: `What ${fold.name} derives.` }, `${prefix}Result`, results.join(" | ")),
    typeAlias(
      printer,
      { description: `The reducer of ${fold.name}, for the state type its author chooses.` },
      `${prefix}Fold<State>`,
      `FoldReducer<State, ${prefix}Event, ${prefix}Result>`,
    ),
  ];
}

function foldSpecsTable(folds: readonly FoldModel[]): string {
  const doc =
    "/**\n * Every fold: its scope, the node kinds that hold its state, the ops it reads and the fields it derives.\n" +
    " * bindings.ts pairs each entry with its reducer; the kernel's fold runner runs them (docs/folds.md).\n */\n";
  if (folds.length === 0) return `${doc}export const foldSpecs = {} as const;`;
  const entries = folds.map((fold) => {
    const lines = [
      `    name: ${stringLiteral(fold.name)},`,
      `    scope: ${stringLiteral(fold.scope)},`,
      arrayText("    kinds", fold.kinds, "    "),
      arrayText("    reads", fold.reads, "    "),
      arrayText("    derives", fold.derives, "    "),
    ];
    return `  ${propertyKey(fold.name)}: {\n${lines.join("\n")}\n  },`;
  });
  return `${doc}export const foldSpecs = {\n${entries.join("\n")}\n} as const;`;
}
