/** registry.ts: the kind registry as constants (ids never change; docs/registry) plus the hashes pinned in the WAL. */
import type { RegistryEntry, WesleyIR } from "../../ir/types.js";
import type { HeaderFacts } from "../source/header.js";
import { numberLiteral, propertyKey, stringLiteral } from "../source/literals.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { constant } from "./declarations.js";

export interface RegistryFacts extends HeaderFacts {
  readonly registryHash: string;
}

export function emitRegistryFile(ir: WesleyIR, facts: RegistryFacts, printer: TsPrinter): string {
  return printer.printFile(facts, [
    constant(printer, { description: "`registry:` in kinds.yaml." }, "REGISTRY_NAME", stringLiteral(ir.registry.name)),
    constant(
      printer,
      { description: "`version:` in kinds.yaml." },
      "REGISTRY_VERSION",
      numberLiteral(ir.registry.version),
    ),
    constant(
      printer,
      { description: "BLAKE3-256 of the canonical IR (wesley-ir/v1)." },
      "SCHEMA_HASH",
      stringLiteral(facts.schemaHash),
    ),
    constant(
      printer,
      { description: "BLAKE3-256 of the canonical kind registry." },
      "REGISTRY_HASH",
      stringLiteral(facts.registryHash),
    ),
    constant(
      printer,
      { description: "The wesley version that generated this code." },
      "GENERATOR_VERSION",
      stringLiteral(facts.generatorVersion),
    ),
    ...ids(printer, "NODE_KIND_IDS", "Node kind ids (`nodes:` in kinds.yaml).", ir.registry.nodes),
    ...ids(printer, "EDGE_KIND_IDS", "Edge kind ids (`edges:` in kinds.yaml).", ir.registry.edges),
    ...ids(printer, "OP_IDS", "Op ids (`ops:` in kinds.yaml).", ir.registry.ops),
  ]);
}

/** `export const NAME = { Kind: 1, ... } as const;`, one entry per line, set apart by a blank line. */
function ids(printer: TsPrinter, name: string, doc: string, entries: readonly RegistryEntry[]): Statement[] {
  const lines = entries.map((entry) => `  ${propertyKey(entry.name)}: ${numberLiteral(entry.id)},`);
  const initializer = lines.length === 0 ? "{} as const" : `{\n${lines.join("\n")}\n} as const`;
  return [BLANK_LINE, constant(printer, { description: doc }, name, initializer)];
}
