import { isTargetName, TARGET_NAMES } from "../output/targets.js";
import type { TargetName } from "../output/targets.js";
import { ConfigError } from "./config-error.js";

/** The keys a config file may set; every path is relative to the config file's folder. See docs/cli.md. */
export interface WesleyConfig {
  /** Schema files, globs or folders. */
  readonly schema?: readonly string[];
  /** The kind registry (kinds.yaml). */
  readonly registry?: string;
  /** Output folder. */
  readonly out?: string;
  /** Default for --target. */
  readonly target?: TargetName;
  /** Operation documents (files, globs or folders) for the client target. */
  readonly documents?: readonly string[];
  /** Folder of the user's fold reducers and policy predicates, scaffolded once (ADR 0090). */
  readonly scaffolds?: string;
}

const KNOWN_KEYS = ["schema", "registry", "out", "target", "documents", "scaffolds"] as const;

/** Checks every key and collects every problem, so one run shows them all. */
export function validateConfig(file: string, raw: unknown): WesleyConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [`must hold an object with the keys ${KNOWN_KEYS.join(", ")}; got ${describe(raw)}.`]);
  }
  const data = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(data).sort()) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown key "${key}"; the known keys are ${KNOWN_KEYS.join(", ")}.`);
    }
  }
  const schema = readPaths("schema", data["schema"], problems);
  const documents = readPaths("documents", data["documents"], problems);
  const registry = readNonEmptyString("registry", data["registry"], problems);
  const out = readNonEmptyString("out", data["out"], problems);
  const target = readTarget(data["target"], problems);
  const scaffolds = readNonEmptyString("scaffolds", data["scaffolds"], problems);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return {
    ...(schema === undefined ? {} : { schema }),
    ...(registry === undefined ? {} : { registry }),
    ...(out === undefined ? {} : { out }),
    ...(target === undefined ? {} : { target }),
    ...(documents === undefined ? {} : { documents }),
    ...(scaffolds === undefined ? {} : { scaffolds }),
  };
}

function readPaths(key: string, value: unknown, problems: string[]): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === "string" && item !== "")) {
    problems.push(
      `"${key}" must be a non-empty string or a non-empty array of them (files, globs or folders); got ${describe(value)}.`,
    );
    return undefined;
  }
  return list as string[];
}

function readNonEmptyString(key: string, value: unknown, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    problems.push(`"${key}" must be a non-empty string (a path); got ${describe(value)}.`);
    return undefined;
  }
  return value;
}

function readTarget(value: unknown, problems: string[]): TargetName | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isTargetName(value)) {
    problems.push(`"target" must be one of ${TARGET_NAMES.join(", ")}; got ${describe(value)}.`);
    return undefined;
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
