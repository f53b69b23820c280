/** Schema coordinates (GraphQL schema-coordinates RFC), built in one place so every finder spells them alike. */

export function fieldCoordinate(typeName: string, fieldName: string): string {
  return `${typeName}.${fieldName}`;
}

export function argCoordinate(typeName: string, fieldName: string, argName: string): string {
  return `${typeName}.${fieldName}(${argName}:)`;
}

export function directiveCoordinate(directiveName: string): string {
  return `@${directiveName}`;
}

export function directiveArgCoordinate(directiveName: string, argName: string): string {
  return `@${directiveName}(${argName}:)`;
}

export function registryCoordinate(namespace: string, name: string): string {
  return `@registry.${namespace}.${name}`;
}

/** The enclosing coordinate (`T.f(a:)` -> `T.f` -> `T`), used to locate things with no definition of their own. */
export function parentCoordinate(coordinate: string): string | undefined {
  const argStart = coordinate.indexOf("(");
  if (argStart > 0) return coordinate.slice(0, argStart);
  const dot = coordinate.lastIndexOf(".");
  if (dot > 0 && !coordinate.startsWith("@registry.")) return coordinate.slice(0, dot);
  return undefined;
}
