/**
 * `wesley build --target jitos` emitters: pure functions from the IR to generated files (docs/generated-code.md).
 * Same IR and meta in, same bytes out: everything is emitted in IR order (sorted by name), nothing reads the clock,
 * the environment or the file system.
 */
import type { ObjectTypeDef, WesleyIR } from "../ir/types.js";
import { emitDomainFile } from "./files/domain-file.js";
import { emitIndexFile } from "./files/index-file.js";
import { emitOpsFile } from "./files/ops-file.js";
import { emitRegistryFile } from "./files/registry-file.js";
import { emitTypesFile } from "./files/types-file.js";
import { emitValidatorsFile } from "./files/validators-file.js";
import { buildDomainModel, compareCodeUnits } from "./model/domain-model.js";
import { assignTypeNames } from "./naming/type-names.js";

export interface EmitMeta {
  schemaHash: string;
  registryHash: string;
  generatorVersion: string;
}

export interface EmittedFile {
  /** Relative POSIX path inside the output directory, e.g. "validators.ts". */
  path: string;
  contents: string;
}

/** Every file of the jitos target, sorted by path. Throws only when the IR is inconsistent (loadProject validates it). */
export async function emitJitos(ir: WesleyIR, meta: EmitMeta): Promise<EmittedFile[]> {
  return emitJitosSync(ir, meta);
}

/** The synchronous core of emitJitos (the async signature leaves room for emitters that need I/O-free async work). */
export function emitJitosSync(ir: WesleyIR, meta: EmitMeta): EmittedFile[] {
  const header = { generatorVersion: meta.generatorVersion, schemaHash: meta.schemaHash };
  const names = assignTypeNames(ir.types.map((type) => type.name));
  const model = buildDomainModel(ir);
  const files: EmittedFile[] = [
    { path: "domain.ts", contents: emitDomainFile(model, header) },
    { path: "index.ts", contents: emitIndexFile(header) },
    { path: "ops.ts", contents: emitOpsFile(model.ops, names, { descriptions: opDescriptions(ir) }, header) },
    { path: "registry.ts", contents: emitRegistryFile(ir, { ...header, registryHash: meta.registryHash }) },
    { path: "types.ts", contents: emitTypesFile(ir, names, header) },
    { path: "validators.ts", contents: emitValidatorsFile(ir, model, names, header) },
  ];
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
