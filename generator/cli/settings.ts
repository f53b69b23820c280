import { ConfigError, resolveSettings } from "../config/index.js";
import type { CommandLineSettings, ResolvedSettings } from "../config/index.js";
import { isTargetName, TARGET_NAMES, targetReadsDocuments } from "../output/targets.js";
import type { TargetName } from "../output/targets.js";
import { UsageError } from "./usage-error.js";

/** Settings for a command; a bad config file becomes a usage error (exit 2) naming the file and key. */
export async function commandSettings(cwd: string, commandLine: CommandLineSettings): Promise<ResolvedSettings> {
  rejectEmptyPaths(commandLine);
  try {
    return await resolveSettings(cwd, commandLine);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export function requireTarget(settings: ResolvedSettings): TargetName {
  const valid = TARGET_NAMES.join(", ");
  if (settings.target === undefined) {
    throw new UsageError(`missing --target; valid targets: ${valid} (or set "target" in wesley.config.json).`);
  }
  if (!isTargetName(settings.target)) {
    throw new UsageError(`unknown target "${settings.target}"; valid targets: ${valid}.`);
  }
  const target = settings.target;
  if (targetReadsDocuments(target) && settings.documents === undefined) {
    throw new UsageError(
      `--target ${target} needs --documents <files|globs|folders> with your operations (or "documents" in wesley.config.json).`,
    );
  }
  if (!targetReadsDocuments(target) && settings.documents !== undefined) {
    throw new UsageError(`--documents applies only to --target client; --target ${target} reads the schema only.`);
  }
  return target;
}

/**
 * `--schema "$DIR"` with DIR unset would otherwise mean the working directory: every *.graphql in the project (or,
 * for --out, the project itself). The config file already refuses empty paths; the command line does too.
 */
function rejectEmptyPaths(commandLine: CommandLineSettings): void {
  const paths: ReadonlyArray<readonly [string, string | readonly string[] | undefined]> = [
    ["--config", commandLine.config],
    ["--schema", commandLine.schema],
    ["--registry", commandLine.registry],
    ["--out", commandLine.out],
    ["--documents", commandLine.documents],
  ];
  for (const [flag, value] of paths) {
    const values = typeof value === "string" ? [value] : (value ?? []);
    if (values.some((path) => path.trim() === "")) {
      throw new UsageError(`${flag} got an empty path (an unset variable?); name a file or folder, or . for this one.`);
    }
  }
}
