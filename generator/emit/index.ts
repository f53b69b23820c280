/**
 * `wesley build --target jitos` emitters: pure functions from the IR to generated files (docs/generated-code.md).
 * Same IR and meta in, same bytes out: everything is emitted in IR order (sorted by name), nothing reads the clock,
 * the environment or the file system.
 */
import type { ObjectTypeDef, WesleyIR } from "../ir/types.js";
import { emitBindingsFile, type ScaffoldLayout } from "./files/bindings-file.js";
import { emitDomainFile } from "./files/domain-file.js";
import { emitFoldsFile } from "./files/folds-file.js";
import { emitIndexFile } from "./files/index-file.js";
import { emitOpsFile } from "./files/ops-file.js";
import { emitPolicyFile } from "./files/policy-file.js";
import { emitRegistryFile } from "./files/registry-file.js";
import { emitTypesFile } from "./files/types-file.js";
import { emitValidatorsFile } from "./files/validators-file.js";
import { buildDomainModel, compareCodeUnits } from "./model/domain-model.js";
import { buildFoldModels } from "./model/fold-model.js";
import { assignTypeNames } from "./naming/type-names.js";
import { structureTextPrinter, tsMorphPrinter, type TsPrinter } from "./source/ts-morph-printer.js";

export type { TsPrinter } from "./source/ts-morph-printer.js";
export { structureTextPrinter, tsMorphPrinter } from "./source/ts-morph-printer.js";
export type { ScaffoldLayout } from "./files/bindings-file.js";
export { emitScaffolds } from "./scaffold-files.js";
export type { ScaffoldFile } from "./scaffold-files.js";

export interface EmitMeta {
  schemaHash: string;
  registryHash: string;
  generatorVersion: string;
  /**
   * Where the user's fold and policy files live relative to the output (docs/adr/0090-fold-and-policy-scaffolds.md).
   * With it, bindings.ts imports them; without it (emitter tests), bindings.ts is not emitted.
   */
  scaffolds?: ScaffoldLayout;
}

export interface EmittedFile {
  /** Relative POSIX path inside the output directory, e.g. "validators.ts". */
  path: string;
  contents: string;
}

/**
 * Schemas with more types than this are printed by structure-text.ts instead of ts-morph's printStructure (same
 * structures, same bytes). Loading ts-morph costs ~0.3 s and printing ~0.2 ms per type; on GitHub's schema (1598
 * types) that alone is more than the whole build budget left after loading, while below this size it stays around
 * 0.4 s in total (docs/adr/0045-typescript-emission-with-ts-morph-structures.md).
 */
export const TS_MORPH_PRINT_TYPES_MAX = 500;

/** The printer emitJitos uses for this IR when none is named. */
export function printerFor(ir: WesleyIR): TsPrinter {
  return ir.types.length <= TS_MORPH_PRINT_TYPES_MAX ? tsMorphPrinter : structureTextPrinter;
}

/** Every file of the jitos target, sorted by path. Throws only when the IR is inconsistent (loadProject validates it). */
export async function emitJitos(ir: WesleyIR, meta: EmitMeta, printer = printerFor(ir)): Promise<EmittedFile[]> {
  return emitJitosSync(ir, meta, printer);
}

/** The synchronous core of emitJitos (the async signature leaves room for emitters that need I/O-free async work). */
export function emitJitosSync(ir: WesleyIR, meta: EmitMeta, printer = printerFor(ir)): EmittedFile[] {
  const header = { generatorVersion: meta.generatorVersion, schemaHash: meta.schemaHash };
  const names = assignTypeNames(ir.types.map((type) => type.name));
  const model = buildDomainModel(ir);
  const files: EmittedFile[] = [
    { path: "domain.ts", contents: emitDomainFile(model, header, printer) },
    { path: "index.ts", contents: emitIndexFile(header, printer) },
    { path: "ops.ts", contents: emitOpsFile(model.ops, names, { descriptions: opDescriptions(ir) }, header, printer) },
    { path: "registry.ts", contents: emitRegistryFile(ir, { ...header, registryHash: meta.registryHash }, printer) },
    { path: "types.ts", contents: emitTypesFile(ir, names, header, printer) },
    { path: "validators.ts", contents: emitValidatorsFile(ir, model, names, header, printer) },
  ];
  // Folds and policy exist only when the schema declares them, so a plain schema's output stays as it was.
  const folds = buildFoldModels(ir, model.ops);
  const hasPolicy = model.ops.length > 0;
  if (folds.length > 0) {
    files.push({ path: "folds.ts", contents: emitFoldsFile(folds, { names, qualifier: "types." }, header, printer) });
  }
  if (hasPolicy) {
    const derived = folds.flatMap((fold) => fold.fields);
    const naming = { names, qualifier: "types." };
    files.push({ path: "policy.ts", contents: emitPolicyFile(model.ops, derived, naming, header, printer) });
  }
  if (meta.scaffolds !== undefined && (folds.length > 0 || hasPolicy)) {
    files.push({ path: "bindings.ts", contents: emitBindingsFile(folds, hasPolicy, meta.scaffolds, header, printer) });
  }
  return files.sort((a, b) => compareCodeUnits(a.path, b.path));
}

function opDescriptions(ir: WesleyIR): ReadonlyMap<string, string> {
  const mutation = ir.types.find(
    (type): type is ObjectTypeDef => type.kind === "object" && type.name === ir.roots.mutation,
  );
  const descriptions = new Map<string, string>();
  for (const field of mutation?.fields ?? []) {
    if (field.op !== undefined && field.description !== undefined) descriptions.set(field.name, field.description);
  }
  return descriptions;
}
