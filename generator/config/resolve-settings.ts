import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { findConfigFile, readConfigFile } from "./config-file.js";
import { validateConfig } from "./wesley-config.js";
import type { WesleyConfig } from "./wesley-config.js";

/** Where things are when neither the command line nor a config file says (ADR 0050). */
export const CONVENTIONAL_SCHEMA: readonly string[] = ["schema"];
export const CONVENTIONAL_REGISTRY = "schema/kinds.yaml";
export const CONVENTIONAL_OUT = "generated";

/** What the command line said; absent means "not given". */
export interface CommandLineSettings {
  readonly config?: string;
  readonly schema?: readonly string[];
  readonly registry?: string;
  readonly out?: string;
  readonly target?: string;
  readonly documents?: readonly string[];
}

/** The settings a build runs with. Paths are relative to `cwd` (or absolute). */
export interface ResolvedSettings {
  readonly cwd: string;
  /** The config file that was read, as the user would name it; undefined when none. */
  readonly configFile?: string;
  readonly schema: readonly string[];
  readonly registry?: string;
  /** False only for the conventional registry path: a schema without Wesley directives needs no registry. */
  readonly registryRequired: boolean;
  readonly out: string;
  /** Unvalidated when it came from the command line (the CLI reports unknown targets as usage errors). */
  readonly target?: string;
  /** Operation documents (files, globs, folders) for the client target. */
  readonly documents?: readonly string[];
  /**
   * Folder of the scaffolded fold reducers and policy predicates (ADR 0090): the config's `scaffolds`, else the
   * registry's folder (next to the schema), else the folder of the first schema path.
   */
  readonly scaffolds: string;
}

/**
 * Command line over config file over conventions, key by key, with one deliberate coupling: the registry belongs to
 * a schema. When the schema comes from the command line (or config) and the registry does not, no conventional
 * `schema/kinds.yaml` is slipped in, so `wesley build --schema other.graphql` never validates `other.graphql`
 * against this project's registry.
 */
export async function resolveSettings(cwd: string, commandLine: CommandLineSettings): Promise<ResolvedSettings> {
  const configFile = commandLine.config ?? (await findConfigFile(cwd));
  const config =
    configFile === undefined
      ? {}
      : rebaseConfig(cwd, configFile, validateConfig(configFile, await readConfigFile(cwd, configFile)));

  const schemaSource = commandLine.schema ?? config.schema;
  const registry = commandLine.registry ?? (commandLine.schema === undefined ? config.registry : undefined);
  const useConventionalRegistry = registry === undefined && schemaSource === undefined;
  const target = commandLine.target ?? config.target;
  const documents = commandLine.documents ?? config.documents;
  return {
    cwd,
    ...(configFile === undefined ? {} : { configFile }),
    schema: schemaSource ?? CONVENTIONAL_SCHEMA,
    ...(useConventionalRegistry ? { registry: CONVENTIONAL_REGISTRY } : registry === undefined ? {} : { registry }),
    registryRequired: !useConventionalRegistry,
    out: commandLine.out ?? config.out ?? CONVENTIONAL_OUT,
    ...(target === undefined ? {} : { target }),
    ...(documents === undefined ? {} : { documents }),
    scaffolds:
      config.scaffolds ??
      defaultScaffolds(
        registry ?? (useConventionalRegistry ? CONVENTIONAL_REGISTRY : undefined),
        schemaSource ?? CONVENTIONAL_SCHEMA,
      ),
  };
}

/** Next to the schema: the registry's folder, else the first schema path's folder (or the path, if a folder). */
function defaultScaffolds(registry: string | undefined, schema: readonly string[]): string {
  if (registry !== undefined) return dirname(registry) === "" ? "." : dirname(registry);
  const first = schema[0] ?? ".";
  const stem = first.split(/[*?{[]/)[0]!;
  if (stem !== first) return dirname(stem.endsWith("/") ? `${stem}x` : stem);
  return /\.(graphqls?|gql)$/i.test(first) ? dirname(first) : first;
}

/** Config paths are relative to the config file's folder; the rest of the build works relative to `cwd`. */
function rebaseConfig(cwd: string, configFile: string, config: WesleyConfig): WesleyConfig {
  const configDir = dirname(resolve(cwd, configFile));
  const prefix = relative(cwd, configDir).split(sep).join("/");
  const rebase = (path: string): string => (isAbsolute(path) || prefix === "" ? path : `${prefix}/${path}`);
  return {
    ...config,
    ...(config.schema === undefined ? {} : { schema: config.schema.map(rebase) }),
    ...(config.registry === undefined ? {} : { registry: rebase(config.registry) }),
    ...(config.out === undefined ? {} : { out: rebase(config.out) }),
    ...(config.documents === undefined ? {} : { documents: config.documents.map(rebase) }),
    ...(config.scaffolds === undefined ? {} : { scaffolds: rebase(config.scaffolds) }),
  };
}
