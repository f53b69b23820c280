/** registry.ts: the kind registry as constants (ids never change; docs/registry) plus the hashes pinned in the WAL. */
import type { RegistryEntry, WesleyIR } from "../../ir/types.js";
import type { HeaderFacts } from "../source/header.js";
import { numberLiteral, propertyKey, stringLiteral } from "../source/literals.js";
import { createTsWriter, finish, type TsWriter } from "../source/ts-writer.js";

export interface RegistryFacts extends HeaderFacts {
  readonly registryHash: string;
}

export function emitRegistryFile(ir: WesleyIR, facts: RegistryFacts): string {
  const writer = createTsWriter(facts);
  writer.blankLine();
  writer.writeLine("/** `registry:` in kinds.yaml. */");
  writer.writeLine(`export const REGISTRY_NAME = ${stringLiteral(ir.registry.name)};`);
  writer.writeLine("/** `version:` in kinds.yaml. */");
  writer.writeLine(`export const REGISTRY_VERSION = ${numberLiteral(ir.registry.version)};`);
  writer.writeLine("/** BLAKE3-256 of the canonical IR (wesley-ir/v1). */");
  writer.writeLine(`export const SCHEMA_HASH = ${stringLiteral(facts.schemaHash)};`);
  writer.writeLine("/** BLAKE3-256 of the canonical kind registry. */");
  writer.writeLine(`export const REGISTRY_HASH = ${stringLiteral(facts.registryHash)};`);
  writer.writeLine("/** The wesley version that generated this code. */");
  writer.writeLine(`export const GENERATOR_VERSION = ${stringLiteral(facts.generatorVersion)};`);
  writeIds(writer, "NODE_KIND_IDS", "Node kind ids (`nodes:` in kinds.yaml).", ir.registry.nodes);
  writeIds(writer, "EDGE_KIND_IDS", "Edge kind ids (`edges:` in kinds.yaml).", ir.registry.edges);
  writeIds(writer, "OP_IDS", "Op ids (`ops:` in kinds.yaml).", ir.registry.ops);
  return finish(writer);
}

function writeIds(writer: TsWriter, name: string, doc: string, entries: readonly RegistryEntry[]): void {
  writer.blankLine();
  writer.writeLine(`/** ${doc} */`);
  if (entries.length === 0) {
    writer.writeLine(`export const ${name} = {} as const;`);
    return;
  }
  writer.writeLine(`export const ${name} = {`);
  writer.indent(() => {
    for (const entry of entries) writer.writeLine(`${propertyKey(entry.name)}: ${numberLiteral(entry.id)},`);
  });
  writer.writeLine("} as const;");
}
