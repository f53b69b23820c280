/**
 * index.ts: one import for everything. Schema-derived names live in namespaces (`types`, `validators`,
 * `registry`) and only fixed names are exported bare, so no GraphQL name can collide with another export.
 */
import type { HeaderFacts } from "../source/header.js";
import { createTsWriter, finish } from "../source/ts-writer.js";

export function emitIndexFile(header: HeaderFacts): string {
  const writer = createTsWriter(header);
  writer.blankLine();
  writer.writeLine('export * as types from "./types.js";');
  writer.writeLine('export * as validators from "./validators.js";');
  writer.writeLine('export * as registry from "./registry.js";');
  writer.writeLine('export { domain } from "./domain.js";');
  writer.writeLine('export { InvalidOpInputError, ops, tryOps } from "./ops.js";');
  writer.writeLine('export type { Op, OpName, OpOf } from "./ops.js";');
  writer.writeLine('export type { ValidationIssue, ValidationResult } from "./validators.js";');
  return finish(writer);
}
