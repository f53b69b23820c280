import { Kind, isInputObjectType, isInterfaceType, isObjectType, valueFromAST } from "graphql";
import type { ConstDirectiveNode, ConstValueNode, GraphQLDirective, GraphQLSchema } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import { locationOf } from "../load/location.js";
import type { SchemaModel } from "../load/model.js";
import { isCanonicallyExact } from "./ast.js";

/**
 * Directive argument values must fit the argument types. graphql-js's SDL rules do not check this (only
 * executable documents get ValuesOfCorrectTypeRule), and buildASTSchema would silently drop a bad value.
 * `directiveOf` is the full schema once built, or Wesley's directive SDL alone when building was impossible.
 */
export function checkDirectiveValues(model: SchemaModel, directiveOf: (name: string) => GraphQLDirective | null | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (directives: readonly ConstDirectiveNode[] | undefined) => {
    for (const directive of directives ?? []) {
      const definition = directiveOf(directive.name.value);
      if (definition === undefined || definition === null) continue;
      for (const arg of directive.arguments ?? []) {
        const argDef = definition.args.find((a) => a.name === arg.name.value);
        if (argDef === undefined || valueFromAST(arg.value, argDef.type) !== undefined) continue;
        diagnostics.push(
          error(
            "WESLEY_INVALID_DIRECTIVE_ARGUMENT",
            `@${directive.name.value}(${arg.name.value}:) expects ${String(argDef.type)}, but the value given does not fit.`,
            locationOf(arg.value),
            `Give a value of type ${String(argDef.type)} (strings are quoted, numbers are not).`,
          ),
        );
      }
    }
  };
  for (const type of model.types.values()) {
    check(type.directives);
    for (const field of type.fields.values()) {
      check(field.directives);
      if ("arguments" in field) for (const arg of field.arguments ?? []) check(arg.directives);
    }
    for (const value of type.enumValues.values()) check(value.directives);
  }
  return diagnostics;
}

/** Default values must fit their types (buildASTSchema leaves an unfitting default out without a word). */
export function checkDefaultValues(schema: GraphQLSchema): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (coordinate: string, input: { readonly defaultValue: unknown; readonly astNode?: { readonly defaultValue?: ConstValueNode } | null | undefined; readonly type: unknown }) => {
    const node = input.astNode?.defaultValue;
    if (node === undefined) return;
    if (input.defaultValue !== undefined) {
      const inexact = findInexactNumber(node);
      if (inexact !== undefined) {
        diagnostics.push(
          error(
            "WESLEY_INVALID_DEFAULT_VALUE",
            `The default value of "${coordinate}" contains ${inexact.value}, which cannot be stored exactly (integers must lie within ±${Number.MAX_SAFE_INTEGER}, numbers must be finite).`,
            locationOf(inexact),
            "Use a smaller number, or remove the default.",
          ),
        );
      }
      return;
    }
    diagnostics.push(
      error("WESLEY_INVALID_DEFAULT_VALUE", `The default value of "${coordinate}" does not fit its type ${String(input.type)}.`, locationOf(node), `Give a default of type ${String(input.type)}, or remove it.`),
    );
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field);
    }
  }
  for (const directive of schema.getDirectives()) for (const arg of directive.args) check(`@${directive.name}(${arg.name}:)`, arg);
  return diagnostics;
}

/** The first number literal in a default value that canonical CBOR cannot hold exactly (see isCanonicallyExact). */
function findInexactNumber(node: ConstValueNode): (ConstValueNode & { readonly value: string }) | undefined {
  switch (node.kind) {
    case Kind.INT:
    case Kind.FLOAT: {
      return isCanonicallyExact(Number(node.value)) ? undefined : node;
    }
    case Kind.LIST:
      for (const item of node.values) {
        const found = findInexactNumber(item);
        if (found !== undefined) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = findInexactNumber(field.value);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}
