// Where `wesley` takes its settings from: command line, then wesley.config.{json,js,mjs}, then conventions.
export { ConfigError } from "./config-error.js";
export { CONFIG_FILE_NAMES } from "./config-file.js";
export { CONVENTIONAL_OUT, CONVENTIONAL_REGISTRY, CONVENTIONAL_SCHEMA, resolveSettings } from "./resolve-settings.js";
export type { CommandLineSettings, ResolvedSettings } from "./resolve-settings.js";
export type { WesleyConfig } from "./wesley-config.js";
