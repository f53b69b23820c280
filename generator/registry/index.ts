export { EMPTY_REGISTRY, parseRegistry } from "./parse.js";
export type { LocatedEntry, LocatedRetiredEntry, ParsedRegistry } from "./parse.js";
export { checkRegistryCoverage } from "./coverage.js";
export type { DeclaredKinds } from "./coverage.js";
export { REGISTRY_ID_MAX, REGISTRY_FILE_BYTES_MAX, REGISTRY_TOP_LEVEL_KEYS } from "./limits.js";
