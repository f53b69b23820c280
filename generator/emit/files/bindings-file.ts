/**
 * bindings.ts: the registration table. Imports each fold's reducer and the policy predicates from the user files
 * that `wesley build` scaffolds once (docs/adr/0090-fold-and-policy-scaffolds.md) and binds them to the generated
 * specs, so adding a fold to the schema registers it without anyone editing a list by hand. It is the only
 * generated file that imports user code, and index.ts does not re-export it: the rest of the output compiles
 * without the scaffolds.
 */
import type { FoldModel } from "../model/fold-model.js";
import type { HeaderFacts } from "../source/header.js";
import { stringLiteral } from "../source/literals.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { namedImport } from "./declarations.js";

export interface ScaffoldLayout {
  /** The scaffold folder relative to the output folder, `/`-separated, e.g. "../schema". */
  readonly scaffoldsFromOut: string;
  /** The output folder relative to the scaffold folder, e.g. "../generated". */
  readonly outFromScaffolds: string;
}

/** Scaffold paths inside the scaffold folder. */
export function foldScaffoldPath(fold: string): string {
  return `folds/${fold}.ts`;
}
export const POLICY_SCAFFOLD_PATH = "policy.ts";

export function emitBindingsFile(
  folds: readonly FoldModel[],
  hasPolicy: boolean,
  layout: ScaffoldLayout,
  header: HeaderFacts,
  printer: TsPrinter,
): string {
  const statements: Statement[] = [];
  if (folds.length > 0) statements.push(namedImport(printer, ["foldSpecs"], "./folds.js"));
  if (hasPolicy) statements.push(namedImport(printer, ["policyTable"], "./policy.js"));
  for (const fold of folds) {
    const module = `${layout.scaffoldsFromOut}/${foldScaffoldPath(fold.name).replace(/\.ts$/, ".js")}`;
    statements.push(`import { reducer as ${fold.name}Reducer } from ${stringLiteral(module)};`);
  }
  if (hasPolicy) {
    const module = `${layout.scaffoldsFromOut}/${POLICY_SCAFFOLD_PATH.replace(/\.ts$/, ".js")}`;
    statements.push(`import { predicates } from ${stringLiteral(module)};`);
  }
  statements.push(BLANK_LINE, foldsTable(folds));
  if (hasPolicy) {
    statements.push(
      BLANK_LINE,
      "/** The policy: the generated table of required capabilities and the user's predicates. */\n" +
        "export const policy = { table: policyTable, predicates };",
    );
  }
  return printer.printFile(header, statements);
}

function foldsTable(folds: readonly FoldModel[]): string {
  const doc = "/** Every fold's spec bound to its reducer: what `Kernel.create({ folds })` takes. */\n";
  if (folds.length === 0) return `${doc}export const folds = [] as const;`;
  const entries = folds.map((fold) => {
    const spec = fold.name === "__proto__" ? `foldSpecs["__proto__"]` : `foldSpecs.${fold.name}`;
    return `  { ...${spec}, reducer: ${fold.name}Reducer },`;
  });
  return `${doc}export const folds = [\n${entries.join("\n")}\n] as const;`;
}
