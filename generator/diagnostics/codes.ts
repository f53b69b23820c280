/**
 * Every diagnostic code the front end can report, with what it means. Codes are a stable interface (tests, docs,
 * editors and CI scripts key on them); messages may be reworded. docs/directives.md and docs/registry.md list them.
 */
export const DIAGNOSTIC_CODES = {
  // Finding and reading input
  WESLEY_NO_SCHEMA_FILES: "no schema file patterns were given",
  WESLEY_SCHEMA_PATTERN_UNMATCHED: "a schema file, directory or glob matched no file",
  WESLEY_FILE_UNREADABLE: "a schema or registry file could not be read",
  WESLEY_REGISTRY_NOT_FOUND: "the registry file was required but does not exist",
  WESLEY_SYNTAX_ERROR: "an SDL file is not valid GraphQL syntax",

  // Merging definitions from many files
  WESLEY_DUPLICATE_TYPE: "a type is defined more than once",
  WESLEY_DUPLICATE_FIELD: "a field is defined more than once in a type and its extensions",
  WESLEY_DUPLICATE_ENUM_VALUE: "an enum value is defined more than once",
  WESLEY_DUPLICATE_ARGUMENT: "an argument is defined more than once on one field or directive",
  WESLEY_DUPLICATE_DIRECTIVE_DEFINITION: "a directive is defined more than once",
  WESLEY_DUPLICATE_UNION_MEMBER: "a union lists a member more than once",
  WESLEY_DUPLICATE_INTERFACE: "a type declares an interface more than once",
  WESLEY_EXTENSION_OF_UNDEFINED_TYPE: "`extend` names a type that is not defined",
  WESLEY_EXTENSION_KIND_MISMATCH: "`extend` uses a different kind than the type's definition",
  WESLEY_DIRECTIVE_REDEFINED: "a Wesley directive is redefined differently from the one Wesley ships",

  // GraphQL SDL and schema rules (graphql-js), located
  WESLEY_UNKNOWN_TYPE: "a type reference names no defined type",
  WESLEY_UNKNOWN_DIRECTIVE: "a directive is used that is not defined",
  WESLEY_MISPLACED_DIRECTIVE: "a directive is used where its definition does not allow it",
  WESLEY_REPEATED_DIRECTIVE: "a non-repeatable directive is used twice at one place",
  WESLEY_UNKNOWN_DIRECTIVE_ARGUMENT: "a directive is given an argument it does not define",
  WESLEY_MISSING_DIRECTIVE_ARGUMENT: "a required directive argument is missing",
  WESLEY_INVALID_DIRECTIVE_ARGUMENT: "a directive argument value does not fit the argument's type",
  WESLEY_REPEATED_ARGUMENT_VALUE: "an argument or input field is given twice in one value",
  WESLEY_INVALID_DEFAULT_VALUE: "a default value does not fit its type",
  WESLEY_SCHEMA_DEFINITION: "the `schema { ... }` definition is invalid (repeated, or a root repeated)",
  WESLEY_INVALID_SCHEMA: "the schema breaks a GraphQL type-system rule",

  // kinds.yaml
  WESLEY_REGISTRY_SYNTAX: "kinds.yaml is not valid YAML",
  WESLEY_REGISTRY_UNKNOWN_KEY: "kinds.yaml has a key Wesley does not know",
  WESLEY_REGISTRY_INVALID_VALUE: "a kinds.yaml value has the wrong shape",
  WESLEY_REGISTRY_INVALID_ID: "a registry id is not a positive integer in range",
  WESLEY_REGISTRY_DUPLICATE_ID: "two entries of one namespace share an id",
  WESLEY_REGISTRY_DUPLICATE_NAME: "a name appears twice in one namespace",
  WESLEY_REGISTRY_RETIRED_ID_REUSED: "an active entry uses an id that was retired",
  WESLEY_REGISTRY_RETIRED_NAME_REUSED: "an active entry uses a name that was retired",
  WESLEY_REGISTRY_MISSING_ID: "a @node/@edge type or @op field has no id in kinds.yaml",
  WESLEY_REGISTRY_ORPHAN_ENTRY: "a kinds.yaml entry names no matching @node/@edge type or @op field",

  // Wesley directive rules
  WESLEY_NODE_AND_EDGE: "a type is marked both @node and @edge",
  WESLEY_EDGE_ENDPOINT: "an @edge endpoint is not a @node kind",
  WESLEY_OP_NOT_ON_MUTATION: "@op is used on a field that is not on the Mutation root type",
  WESLEY_OP_EFFECT: "@op does not name exactly one of creates/updates/deletes",
  WESLEY_OP_INPUT: "an @op field does not take exactly one non-null `input` argument of an input type",
  WESLEY_OP_TARGET: "an @op target is not a @node or @edge kind",
  WESLEY_OP_ID_FIELD: "@op `id:` is missing, misplaced or does not name an ID! input field",
  WESLEY_OP_ENDPOINT_FIELDS: "@op `from:`/`to:` are missing, misplaced or do not name ID! input fields",
  WESLEY_OP_DERIVED_INPUT: "an op input field would write a @derived field of its target",
  WESLEY_DERIVED_FOLD: "@derived names no valid fold",
  WESLEY_DERIVED_HOLDER: "@derived is on a field of a type that is neither a @node kind nor the Query root",
  WESLEY_DERIVED_SCOPE: "one fold derives both Query root fields and fields of node kinds",
  WESLEY_FOLD_NAME_CLASH: "two fold names differ only in the case of their first letter",
  WESLEY_CONSTRAINT_TYPE: "a @constraint argument does not apply to the field's type",
  WESLEY_CONSTRAINT_RANGE: "@constraint bounds are negative or the minimum exceeds the maximum",
  WESLEY_CONSTRAINT_PATTERN: "@constraint(pattern:) is not a valid JavaScript regular expression",
  WESLEY_REQUIRES_CAPS: "@requires(caps:) is empty or names an empty capability",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
