/**
 * How operation names become TypeScript names (docs/client.md, "Naming rules"; ADR 0081):
 * - method: the operation name with its first character lower-cased (`GetTask` -> `getTask`, `createTask` stays);
 * - types: the operation name with its first character upper-cased, plus the operation type
 *   (`GetTask` -> `GetTaskQuery`, `GetTaskQueryVariables`; `createTask` -> `CreateTaskMutation`);
 * - document constant: the same base plus `Document` (`GetTaskQueryDocument`).
 * Nothing else changes, so a name can always be predicted from the operation name alone. Collisions are errors.
 */
export type OperationKind = "query" | "mutation" | "subscription";

export function methodName(operationName: string): string {
  return operationName.charAt(0).toLowerCase() + operationName.slice(1);
}

export function resultTypeName(operationName: string, kind: OperationKind): string {
  return operationName.charAt(0).toUpperCase() + operationName.slice(1) + kind.charAt(0).toUpperCase() + kind.slice(1);
}

export function variablesTypeName(operationName: string, kind: OperationKind): string {
  return `${resultTypeName(operationName, kind)}Variables`;
}

export function documentConstName(operationName: string, kind: OperationKind): string {
  return `${resultTypeName(operationName, kind)}Document`;
}

/**
 * Members the generated client defines itself, Object.prototype names (a method called `constructor` or `toString`
 * would break the object or confuse readers), and `then` (a client with a `then` method is a thenable: `await` would
 * call it). An operation whose method name is one of these is an error.
 */
export const RESERVED_METHOD_NAMES: ReadonlySet<string> = new Set([
  "execute",
  "subscribe",
  "close",
  "options",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "then",
]);
