/**
 * Every change `wesley diff` can report, with its fixed severity. Type names are stable: approvals, CI filters and
 * the JSON output refer to them, so a name is never renamed or reused (add a new one instead).
 *
 * The first two groups mirror graphql-js `BreakingChangeType` / `DangerousChangeType` name for name and verdict for
 * verdict, so a team moving from graphql-js or graphql-inspector keeps its vocabulary.
 */

export type Severity = "breaking" | "dangerous" | "safe";

/** Which part of the schema contract a change touches; lenient strictness only fails registry and history. */
export type ChangeCategory = "graphql" | "deprecation" | "validator" | "registry" | "history";

interface ChangeTypeInfo {
  readonly severity: Severity;
  readonly category: ChangeCategory;
}

const graphqlBreaking = { severity: "breaking", category: "graphql" } as const;
const graphqlDangerous = { severity: "dangerous", category: "graphql" } as const;
const graphqlSafe = { severity: "safe", category: "graphql" } as const;
const deprecationViolation = { severity: "breaking", category: "deprecation" } as const;
const registryBreaking = { severity: "breaking", category: "registry" } as const;
const registrySafe = { severity: "safe", category: "registry" } as const;
const historyBreaking = { severity: "breaking", category: "history" } as const;
const historyDangerous = { severity: "dangerous", category: "history" } as const;

export const CHANGE_TYPES = {
  // graphql-js BreakingChangeType
  TYPE_REMOVED: graphqlBreaking,
  TYPE_CHANGED_KIND: graphqlBreaking,
  TYPE_REMOVED_FROM_UNION: graphqlBreaking,
  VALUE_REMOVED_FROM_ENUM: graphqlBreaking,
  REQUIRED_INPUT_FIELD_ADDED: graphqlBreaking,
  IMPLEMENTED_INTERFACE_REMOVED: graphqlBreaking,
  FIELD_REMOVED: graphqlBreaking,
  FIELD_CHANGED_KIND: graphqlBreaking,
  REQUIRED_ARG_ADDED: graphqlBreaking,
  ARG_REMOVED: graphqlBreaking,
  ARG_CHANGED_KIND: graphqlBreaking,
  DIRECTIVE_REMOVED: graphqlBreaking,
  DIRECTIVE_ARG_REMOVED: graphqlBreaking,
  REQUIRED_DIRECTIVE_ARG_ADDED: graphqlBreaking,
  DIRECTIVE_REPEATABLE_REMOVED: graphqlBreaking,
  DIRECTIVE_LOCATION_REMOVED: graphqlBreaking,
  // graphql-js DangerousChangeType
  VALUE_ADDED_TO_ENUM: graphqlDangerous,
  TYPE_ADDED_TO_UNION: graphqlDangerous,
  OPTIONAL_INPUT_FIELD_ADDED: graphqlDangerous,
  OPTIONAL_ARG_ADDED: graphqlDangerous,
  IMPLEMENTED_INTERFACE_ADDED: graphqlDangerous,
  ARG_DEFAULT_VALUE_CHANGE: graphqlDangerous,
  // Safe changes graphql-js does not report.
  TYPE_ADDED: graphqlSafe,
  FIELD_ADDED: graphqlSafe,
  FIELD_TYPE_NARROWED: graphqlSafe,
  ARG_TYPE_WIDENED: graphqlSafe,
  INPUT_FIELD_TYPE_WIDENED: graphqlSafe,
  DIRECTIVE_ADDED: graphqlSafe,
  OPTIONAL_DIRECTIVE_ARG_ADDED: graphqlSafe,
  DIRECTIVE_LOCATION_ADDED: graphqlSafe,
  DEPRECATION_ADDED: graphqlSafe,
  // Deprecation path: a removal that skipped the @deprecated release (reported next to the breaking removal).
  TYPE_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  FIELD_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  OP_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  ARG_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  INPUT_FIELD_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  ENUM_VALUE_REMOVED_WITHOUT_DEPRECATION: deprecationViolation,
  // Validators (@constraint on input fields and arguments).
  CONSTRAINT_TIGHTENED: { severity: "breaking", category: "validator" },
  CONSTRAINT_LOOSENED: { severity: "dangerous", category: "validator" },
  // Kind registry (kinds.yaml).
  REGISTRY_ID_CHANGED: registryBreaking,
  REGISTRY_ID_REUSED: registryBreaking,
  REGISTRY_ENTRY_REMOVED_WITHOUT_RETIRING: registryBreaking,
  REGISTRY_RETIRED_ID_REVIVED: registryBreaking,
  REGISTRY_RETIRED_ENTRY_DROPPED: registryBreaking,
  REGISTRY_NAME_CHANGED: registryBreaking,
  REGISTRY_ENTRY_ADDED: registrySafe,
  REGISTRY_ENTRY_RETIRED: registrySafe,
  // History: records already in a write-ahead log must still validate and decode the same way.
  HISTORY_REQUIRED_FIELD_ADDED: historyBreaking,
  HISTORY_FIELD_TYPE_CHANGED: historyBreaking,
  HISTORY_FIELD_REMOVED: historyBreaking,
  HISTORY_DEPRECATED_FIELD_REMOVED: historyDangerous,
  HISTORY_ENUM_VALUE_REMOVED: historyBreaking,
  HISTORY_CONSTRAINT_TIGHTENED: historyBreaking,
} as const satisfies Record<string, ChangeTypeInfo>;

export type ChangeType = keyof typeof CHANGE_TYPES;

export function isChangeType(name: string): name is ChangeType {
  return Object.hasOwn(CHANGE_TYPES, name);
}

export function severityOf(type: ChangeType): Severity {
  return CHANGE_TYPES[type].severity;
}

export function categoryOf(type: ChangeType): ChangeCategory {
  return CHANGE_TYPES[type].category;
}

/** Display and sort order: the most serious first. */
export const SEVERITIES: readonly Severity[] = ["breaking", "dangerous", "safe"];
