import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";
import { isStrictness, STRICTNESS_LEVELS } from "./strictness.js";
import type { Strictness } from "./strictness.js";

/** The diff's own config file, looked up in the working directory (kept apart from wesley.config.*, ADR 0073). */
export const DIFF_CONFIG_FILE_NAME = "wesley-diff.yaml";

export interface DiffConfig {
  readonly strictness?: Strictness;
  /** Approvals file, relative to the working directory. */
  readonly approvals?: string;
}

const KNOWN_KEYS = ["strictness", "approvals"];

/** Reads and checks the config; every problem is listed at once. Throws DiffConfigError (a usage error). */
export async function readDiffConfig(cwd: string, file: string | undefined): Promise<DiffConfig> {
  const name = file ?? DIFF_CONFIG_FILE_NAME;
  const text = await readFile(resolve(cwd, name), "utf8").catch(() => undefined);
  if (text === undefined) {
    if (file !== undefined) throw new DiffConfigError(`${name}: no such file.`);
    return {};
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new DiffConfigError(`${name}: not valid YAML: ${(error as Error).message}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new DiffConfigError(`${name}: must be a mapping.`);
  const data = raw as Record<string, unknown>;
  const problems = Object.keys(data)
    .filter((key) => !KNOWN_KEYS.includes(key))
    .map((key) => `unknown key "${key}"; the known keys are ${KNOWN_KEYS.join(", ")}.`);
  const { strictness, approvals } = data;
  if (strictness !== undefined && (typeof strictness !== "string" || !isStrictness(strictness))) {
    problems.push(`"strictness" must be one of ${STRICTNESS_LEVELS.join(", ")}; got ${JSON.stringify(strictness)}.`);
  }
  if (approvals !== undefined && (typeof approvals !== "string" || approvals === "")) {
    problems.push(`"approvals" must be a path to the approvals file; got ${JSON.stringify(approvals)}.`);
  }
  if (problems.length > 0) throw new DiffConfigError(problems.map((p) => `${name}: ${p}`).join("\n"));
  return {
    ...(typeof strictness === "string" && isStrictness(strictness) ? { strictness } : {}),
    ...(typeof approvals === "string" ? { approvals } : {}),
  };
}

export class DiffConfigError extends Error {
  override readonly name = "DiffConfigError";
}
