/**
 * Largest registry id: ids fit a GraphQL Int and a signed 32-bit field in any other implementation's WAL reader,
 * and no real domain comes near two billion kinds.
 */
export const REGISTRY_ID_MAX = 2_147_483_647;

/** kinds.yaml is a hand-written file of names and small integers; anything larger is a mistake, not a registry. */
export const REGISTRY_FILE_BYTES_MAX = 4 * 1024 * 1024;

export const REGISTRY_NAMESPACES = ["nodes", "edges", "ops"] as const;

/** Top-level keys of kinds.yaml; any other key is an error (a typo like `node:` must not silently drop kinds). */
export const REGISTRY_TOP_LEVEL_KEYS = ["registry", "version", ...REGISTRY_NAMESPACES, "retired"] as const;

export const RETIRED_ENTRY_KEYS = ["namespace", "name", "id", "reason"] as const;

/** GraphQL Name: registry names must be type or field names. */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
