/**
 * TypeScript names for GraphQL types. A GraphQL name is always made of identifier characters, but it may be a
 * word TypeScript reserves (`class`, `string`, `await`...). Those get `_` appended until the result is free; all
 * other names are kept exactly, including ones that shadow globals (`Record`, `Promise`): types.ts refers to no
 * global by name, and every other emitted module reaches schema types only through a namespace import
 * (`types.Record`), so shadowing cannot change meaning (docs/generated-code.md, "Names").
 */

/** Words that cannot name a type alias/interface AND a `const` in an ES module (strict mode) of TypeScript. */
// prettier-ignore
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  // ECMAScript reserved words
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
  // reserved in strict mode and modules, or not bindable there
  "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield", "await",
  "arguments", "eval",
  // TypeScript's predefined type names (cannot be declared as types)
  "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined", "unknown",
]);

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name);
}

/**
 * GraphQL type name -> TypeScript type name, for every type in `names`. Deterministic: reserved names are
 * resolved in sorted order against the set of all names, so `class` becomes `class_` unless the schema also
 * defines `class_`, in which case it becomes `class__`.
 */
export function assignTypeNames(names: readonly string[]): ReadonlyMap<string, string> {
  const taken = new Set(names);
  const result = new Map<string, string>();
  for (const name of [...names].sort()) {
    if (!isReservedWord(name)) {
      result.set(name, name);
      continue;
    }
    let candidate = name + "_";
    while (taken.has(candidate)) candidate += "_";
    taken.add(candidate);
    result.set(name, candidate);
  }
  return result;
}
