/**
 * domain.ts: `export const domain`, the one object the kernel runs on. It satisfies runtime/domain/spec.ts
 * (DomainSpec) structurally; generated code never imports runtime/, so `as const` keeps every literal type
 * (effects, names) narrow enough to be assignable to DomainSpec.
 */
import type { DomainModel, EdgeKindModel, KindModel, OpModel } from "../model/domain-model.js";
import type { HeaderFacts } from "../source/header.js";
import { array, atom, object, stringAtom, type Expr } from "../source/layout.js";
import { numberLiteral, propertyKey, stringLiteral } from "../source/literals.js";
import { print } from "../source/layout.js";
import { BLANK_LINE, type Statement, type TsPrinter } from "../source/ts-morph-printer.js";
import { constant, namedImport, namespaceImport } from "./declarations.js";
import { validatorName } from "./validators-file.js";

const DOMAIN_DOC = "The domain the kernel runs on: kinds, ops, their validators and the hashes pinned in the WAL.";

export function emitDomainFile(model: DomainModel, header: HeaderFacts, printer: TsPrinter): string {
  const statements: Statement[] = [
    namedImport(printer, ["GENERATOR_VERSION", "REGISTRY_HASH", "REGISTRY_NAME", "SCHEMA_HASH"], "./registry.js"),
  ];
  if (model.nodes.length + model.edges.length + model.ops.length > 0) {
    statements.push(namespaceImport(printer, "validators", "./validators.js"));
  }
  const domain = object(
    [
      ["registryName", atom("REGISTRY_NAME")],
      ["schemaHash", atom("SCHEMA_HASH")],
      ["registryHash", atom("REGISTRY_HASH")],
      ["generatorVersion", atom("GENERATOR_VERSION")],
      ["nodes", array(model.nodes.map(nodeSpec))],
      ["edges", array(model.edges.map(edgeSpec))],
      ["ops", array(model.ops.map(opSpec))],
    ],
    true,
  );
  const initializer = print(domain, 0, "export const domain = ".length, " as const;".length) + " as const";
  statements.push(BLANK_LINE, constant(printer, { description: DOMAIN_DOC }, "domain", initializer));
  return printer.printFile(header, statements);
}

function str(text: string): Expr {
  return stringAtom(stringLiteral(text));
}

function strings(values: readonly string[]): Expr {
  return array(values.map(str));
}

function kindEntries(kind: KindModel): [string, Expr][] {
  return [
    ["name", str(kind.name)],
    ["id", atom(numberLiteral(kind.id))],
    ["attributeFields", strings(kind.attributeFields.map((field) => field.name))],
  ];
}

function nodeSpec(kind: KindModel): Expr {
  return object(
    [
      ...kindEntries(kind),
      ["validateAttributes", atom(`validators.nodeAttributeValidators.${propertyKey(kind.name)}`)],
    ],
    true,
  );
}

function edgeSpec(kind: EdgeKindModel): Expr {
  const [name, id, attributeFields] = kindEntries(kind);
  return object(
    [
      name as [string, Expr],
      id as [string, Expr],
      ["from", str(kind.from)],
      ["to", str(kind.to)],
      attributeFields as [string, Expr],
      ["validateAttributes", atom(`validators.edgeAttributeValidators.${propertyKey(kind.name)}`)],
    ],
    true,
  );
}

function opSpec(op: OpModel): Expr {
  const directive = op.directive;
  const entries: [string, Expr][] = [
    ["name", str(op.name)],
    ["id", atom(numberLiteral(op.id))],
    ["effect", str(directive.effect)],
    ["target", str(directive.target)],
    ["targetIsEdge", atom(String(op.targetIsEdge))],
  ];
  if (directive.idField !== undefined) entries.push(["idField", str(directive.idField)]);
  if (directive.fromField !== undefined) entries.push(["fromField", str(directive.fromField)]);
  if (directive.toField !== undefined) entries.push(["toField", str(directive.toField)]);
  entries.push(
    ["attributeFields", strings(directive.attributeFields)],
    ["requiresCaps", strings(op.requiresCaps)],
    ["validateInput", atom(`validators.${validatorName(op.inputType.name)}`)],
  );
  return object(entries, true);
}
