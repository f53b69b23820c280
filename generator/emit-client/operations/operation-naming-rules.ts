import type { OperationDefinitionNode } from "graphql";
import type { Diagnostic, SourceLocation } from "../../diagnostics/index.js";
import {
  documentConstName,
  methodName,
  RESERVED_METHOD_NAMES,
  resultTypeName,
  variablesTypeName,
} from "../naming/operation-names.js";
import { clientError } from "./document-files.js";

/**
 * Every operation must have a name (it becomes a method), and the names derived from it (docs/client.md) must not
 * collide with each other, with a schema type name (types.ts holds both), or with a method the client reserves.
 * Generated type names always end in Query, Mutation, Subscription, Variables or Document, so they cannot meet the
 * client's fixed exports (TypedDocument, Operation, Client, ...).
 */
export function checkOperationNames(
  operations: readonly OperationDefinitionNode[],
  schemaTypeNames: readonly string[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const schemaTypes = new Set(schemaTypeNames);
  const methods = new Map<string, { name: string; at: SourceLocation | undefined }>();
  const typeNames = new Map<string, { name: string; at: SourceLocation | undefined }>();

  for (const operation of operations) {
    const at = locationOf(operation);
    const name = operation.name?.value;
    if (name === undefined) {
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_ANONYMOUS_OPERATION",
          `This ${operation.operation} has no name; the client names its method after the operation.`,
          `Name it, e.g. \`${operation.operation} GetTask { ... }\` becomes client.getTask(...).`,
          at,
        ),
      );
      continue;
    }
    const method = methodName(name);
    if (RESERVED_METHOD_NAMES.has(method)) {
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_RESERVED_NAME",
          `Operation "${name}" would become client.${method}(), which the generated client reserves.`,
          `Rename the operation (reserved: ${[...RESERVED_METHOD_NAMES].sort().join(", ")}).`,
          at,
        ),
      );
    }
    const sameMethod = methods.get(method);
    if (sameMethod === undefined) methods.set(method, { name, at });
    else {
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_NAME_COLLISION",
          `Operations "${sameMethod.name}"${where(sameMethod.at)} and "${name}" both become client.${method}().`,
          "Method names lower-case only the first letter of the operation name; rename one operation.",
          at,
        ),
      );
    }
    const kind = operation.operation;
    for (const typeName of [resultTypeName(name, kind), variablesTypeName(name, kind), documentConstName(name, kind)]) {
      if (schemaTypes.has(typeName)) {
        diagnostics.push(
          clientError(
            "WESLEY_CLIENT_NAME_COLLISION",
            `Operation "${name}" would generate the name ${typeName}, which the schema already gives a type.`,
            "Rename the operation.",
            at,
          ),
        );
      }
      const sameType = typeNames.get(typeName);
      if (sameType === undefined) typeNames.set(typeName, { name, at });
      else if (sameType.name !== name && methodName(sameType.name) !== method) {
        diagnostics.push(
          clientError(
            "WESLEY_CLIENT_NAME_COLLISION",
            `Operations "${sameType.name}"${where(sameType.at)} and "${name}" both generate the name ${typeName}.`,
            "Type names upper-case the first letter of the operation name and append Query/Mutation/Subscription; rename one operation.",
            at,
          ),
        );
      }
    }
  }
  return diagnostics;
}

function locationOf(node: OperationDefinitionNode): SourceLocation | undefined {
  const loc = node.loc;
  return loc === undefined
    ? undefined
    : { file: loc.source.name, line: loc.startToken.line, column: loc.startToken.column };
}

function where(at: SourceLocation | undefined): string {
  return at === undefined ? "" : ` (${at.file}:${at.line}:${at.column})`;
}
