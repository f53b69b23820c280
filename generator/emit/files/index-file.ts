/**
 * index.ts: one import for everything. Schema-derived names live in namespaces (`types`, `validators`,
 * `registry`) and only fixed names are exported bare, so no GraphQL name can collide with another export.
 */
import type { ExportDeclarationStructure } from "ts-morph";
import type { HeaderFacts } from "../source/header.js";
import { type TsPrinter } from "../source/ts-morph-printer.js";

export function emitIndexFile(header: HeaderFacts, printer: TsPrinter): string {
  return printer.printFile(header, [
    namespaceExport(printer, "types", "./types.js"),
    namespaceExport(printer, "validators", "./validators.js"),
    namespaceExport(printer, "registry", "./registry.js"),
    namedExport(printer, ["domain"], "./domain.js"),
    namedExport(printer, ["InvalidOpInputError", "ops", "tryOps"], "./ops.js"),
    namedExport(printer, ["Op", "OpName", "OpOf"], "./ops.js", true),
    namedExport(printer, ["ValidationIssue", "ValidationResult"], "./validators.js", true),
  ]);
}

function namespaceExport(printer: TsPrinter, name: string, moduleSpecifier: string): ExportDeclarationStructure {
  return { kind: printer.kind.ExportDeclaration, namespaceExport: name, moduleSpecifier };
}

function namedExport(
  printer: TsPrinter,
  names: readonly string[],
  moduleSpecifier: string,
  isTypeOnly = false,
): ExportDeclarationStructure {
  return { kind: printer.kind.ExportDeclaration, namedExports: [...names], moduleSpecifier, isTypeOnly };
}
