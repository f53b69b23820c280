/**
 * Scaffolds: the user files `wesley build` creates once and never overwrites (docs/adr/0090-fold-and-policy-
 * scaffolds.md): one reducer file per fold and one predicate file for the policy. They compile as generated and
 * say what to write; from then on they belong to the user.
 */
import type { WesleyIR } from "../ir/types.js";
import { foldScaffoldPath, POLICY_SCAFFOLD_PATH, type ScaffoldLayout } from "./files/bindings-file.js";
import { buildDomainModel } from "./model/domain-model.js";
import { buildFoldModels, type FoldModel } from "./model/fold-model.js";
import { stringLiteral } from "./source/literals.js";

export interface ScaffoldFile {
  /** Path inside the scaffold folder, `/`-separated. */
  readonly path: string;
  readonly contents: string;
}

/** Every scaffold the IR calls for, sorted by path; the build writes only those that do not exist yet. */
export function emitScaffolds(ir: WesleyIR, layout: ScaffoldLayout): ScaffoldFile[] {
  const model = buildDomainModel(ir);
  const files = buildFoldModels(ir, model.ops).map((fold) => ({
    path: foldScaffoldPath(fold.name),
    contents: foldScaffold(fold, `../${layout.outFromScaffolds}/folds.js`),
  }));
  if (model.ops.length > 0) {
    files.push({ path: POLICY_SCAFFOLD_PATH, contents: policyScaffold(`${layout.outFromScaffolds}/policy.js`) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function foldScaffold(fold: FoldModel, foldsModule: string): string {
  const p = fold.typePrefix;
  const per = fold.scope === "record" ? `per ${fold.kinds.join(" / ") || "record"}` : "per view";
  const reduceBody =
    fold.reads.length === 0
      ? ["  reduce(state: State): State {", "    return state;", "  },"]
      : [
          `  reduce(state: State, event: ${p}Event): State {`,
          "    // One case per op this fold reads; return a new state, never mutate `state` or `event`.",
          "    switch (event.op) {",
          ...fold.reads.map((op) => `      case ${stringLiteral(op)}:`),
          "        return { events: state.events + 1 };",
          "    }",
          "  },",
        ];
  return [
    `// Reducer of the fold ${fold.name}, which derives ${fold.derives.join(", ")} (one state ${per}).`,
    "// Created once by `wesley build`; this file is yours and is never overwritten. Rules (docs/folds.md): pure and",
    "// deterministic (no clock, no randomness, no I/O, nothing outside the arguments), states are plain data, and",
    "// reduce returns a new state instead of changing the old one.",
    `import type { ${fold.reads.length === 0 ? "" : `${p}Event, `}${p}Fold, ${p}Result } from ${stringLiteral(foldsModule)};`,
    "",
    "/** What the fold remembers; plain data only (objects, arrays, strings, numbers, booleans, null). */",
    "export interface State {",
    "  readonly events: number;",
    "}",
    "",
    `export const reducer: ${p}Fold<State> = {`,
    "  initial: { events: 0 },",
    ...reduceBody,
    `  result(state: State): ${p}Result {`,
    `    throw new Error(\`fold ${fold.name}: write result() in its scaffold file (\${state.events} events seen)\`);`,
    "  },",
    "};",
    "",
  ].join("\n");
}

function policyScaffold(policyModule: string): string {
  return [
    '// Policy predicates: rules that need data, e.g. "only the owner may cancel". Created once by `wesley build`;',
    "// this file is yours and is never overwritten. Capabilities come from `@requires` (the generated policyTable);",
    "// a predicate runs only after the principal holds them, and must be pure and deterministic (docs/policy.md).",
    `import type { PolicyPredicates } from ${stringLiteral(policyModule)};`,
    "",
    "export const predicates: PolicyPredicates = {",
    "  // cancelTask: ({ principal, op, read }) =>",
    '  //   read.field("Task.owner", op.input.taskId) === principal.id || { deny: "owner-only", reason: "..." },',
    "};",
    "",
  ].join("\n");
}
