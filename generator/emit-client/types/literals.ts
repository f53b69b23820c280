/** A TypeScript string literal for `value` (JSON's escaping is valid TypeScript; prettier normalises the quotes). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value);
}

/** GraphQL names are identifier-shaped, so they are valid property keys, except `__proto__` (computed key). */
export function propertyKey(name: string): string {
  return name === "__proto__" ? '["__proto__"]' : name;
}
