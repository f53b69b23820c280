import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "./config-error.js";

/**
 * Config file names, looked up in the working directory only (not its parents, so what applies is obvious from
 * where you stand). JSON for data-only configs; `.js`/`.mjs` (ES modules, `export default { ... }`) for configs that
 * compute values. No TypeScript config: loading it would need a loader in the CLI's start-up path. ADR 0050.
 */
export const CONFIG_FILE_NAMES = ["wesley.config.json", "wesley.config.js", "wesley.config.mjs"] as const;

/** The config file in `cwd`, or undefined. Two candidates at once is an error: which one wins would be a guess. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  const present: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    if (await isFile(join(cwd, name))) present.push(name);
  }
  if (present.length > 1) {
    throw new ConfigError(present[0] as string, [
      `found several config files (${present.join(", ")}); keep one, or pick one with --config.`,
    ]);
  }
  return present[0];
}

/** Reads a config file's raw value (validated separately). `file` is as the user named it, relative to `cwd`. */
export async function readConfigFile(cwd: string, file: string): Promise<unknown> {
  const path = resolve(cwd, file);
  if (!(await isFile(path))) {
    const isFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => false,
    );
    throw new ConfigError(file, [isFolder ? "is a folder, not a config file." : "no such file."]);
  }
  if (file.endsWith(".json")) return parseJsonConfig(file, await readFile(path, "utf8"));
  if (file.endsWith(".js") || file.endsWith(".mjs")) return importModuleConfig(file, path);
  throw new ConfigError(file, [`unsupported config file type; use one of ${CONFIG_FILE_NAMES.join(", ")}.`]);
}

function parseJsonConfig(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`is not valid JSON: ${(error as Error).message}`]);
  }
}

async function importModuleConfig(file: string, path: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(file, [`could not be loaded: ${(error as Error).message}`]);
  }
  if (module.default === undefined) {
    throw new ConfigError(file, ['has no default export; write `export default { schema: [...], out: "..." }`.']);
  }
  return module.default;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}
