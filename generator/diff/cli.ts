import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { resolveSettings } from "../config/index.js";
import { findSchemaChanges } from "./find-schema-changes.js";
import { formatReport, isOutputFormat, OUTPUT_FORMATS } from "./format/index.js";
import type { OutputFormat } from "./format/index.js";
import { materializeRef, GitRefError } from "./load/git-ref.js";
import { loadSchemaVersion, printLoadFailure } from "./load/load-version.js";
import type { LoadedVersion } from "./load/load-version.js";
import { resolveSchemaInputs } from "./load/schema-inputs.js";
import type { SchemaInputs } from "./load/schema-inputs.js";
import { parseApprovals } from "./policy/approvals.js";
import type { ApprovalsFile } from "./policy/approvals.js";
import { DiffConfigError, readDiffConfig } from "./policy/diff-config.js";
import { isStrictness, STRICTNESS_LEVELS } from "./policy/strictness.js";
import type { Strictness } from "./policy/strictness.js";
import { buildDiffReport } from "./report/diff-report.js";

/** Exit codes of `wesley diff` (docs/diff.md): CI branches on them. */
export const DIFF_EXIT_OK = 0;
export const DIFF_EXIT_FAILED = 1;
export const DIFF_EXIT_USAGE_OR_INPUT = 2;

/** Options as commander parses them (all optional: defaults come from wesley-diff.yaml and conventions). */
export interface DiffCommandOptions {
  readonly old?: string;
  readonly new?: string;
  readonly base?: string;
  readonly schema?: readonly string[];
  readonly registry?: string;
  readonly oldRegistry?: string;
  readonly newRegistry?: string;
  readonly format?: string;
  readonly strictness?: string;
  readonly approvals?: string;
  readonly config?: string;
  /** commander's `--color` / `--no-color`; undefined means "colour on a TTY unless NO_COLOR". */
  readonly color?: boolean;
}

/** The process surroundings, passed in so the command runs in tests without a real process. */
export interface DiffIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

class UsageOrInputError extends Error {}

export async function runDiffCommand(options: DiffCommandOptions, io: DiffIo = processIo()): Promise<number> {
  try {
    return await runDiff(options, io);
  } catch (error) {
    if (error instanceof UsageOrInputError || error instanceof DiffConfigError || error instanceof GitRefError) {
      io.stderr.write(`wesley diff: ${error.message}\n`);
      return DIFF_EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
}

async function runDiff(options: DiffCommandOptions, io: DiffIo): Promise<number> {
  const format = options.format ?? "text";
  if (!isOutputFormat(format)) {
    throw new UsageOrInputError(`unknown --format "${format}"; use one of ${OUTPUT_FORMATS.join(", ")}.`);
  }
  const config = await readDiffConfig(io.cwd, options.config);
  const strictness = options.strictness ?? config.strictness ?? "default";
  if (!isStrictness(strictness)) {
    throw new UsageOrInputError(`unknown --strictness "${strictness}"; use one of ${STRICTNESS_LEVELS.join(", ")}.`);
  }
  const approvalsPath = options.approvals ?? config.approvals;
  const approvals = approvalsPath === undefined ? undefined : await readApprovals(io.cwd, approvalsPath);

  const loaded = await loadBothSides(options, io.cwd);
  const color = options.color ?? (io.stdout.isTTY === true && (io.env["NO_COLOR"] ?? "") === "");
  let failed = false;
  for (const { label, loaded: side } of [loaded.before, loaded.after]) {
    if (side.ok) continue;
    failed = true;
    io.stderr.write(`wesley diff: the ${label} schema does not load:\n${printLoadFailure(side, color)}\n`);
  }
  if (failed) return DIFF_EXIT_USAGE_OR_INPUT;
  const before = loaded.before.loaded as Extract<LoadedVersion, { ok: true }>;
  const after = loaded.after.loaded as Extract<LoadedVersion, { ok: true }>;
  const report = buildDiffReport(findSchemaChanges(before.version, after.version), {
    locateOld: before.locate,
    locateNew: after.locate,
    strictness: strictness as Strictness,
    ...(approvals === undefined ? {} : { approvals }),
  });
  io.stdout.write(formatReport(report, format as OutputFormat, { color }));
  return report.failed ? DIFF_EXIT_FAILED : DIFF_EXIT_OK;
}

interface Side {
  readonly label: string;
  readonly loaded: LoadedVersion;
}

async function loadBothSides(options: DiffCommandOptions, cwd: string): Promise<{ before: Side; after: Side }> {
  if (options.base !== undefined) {
    if (options.old !== undefined || options.new !== undefined) {
      throw new UsageOrInputError("give either --base <git-ref> or <old> <new>, not both.");
    }
    if (options.oldRegistry !== undefined || options.newRegistry !== undefined) {
      throw new UsageOrInputError(
        "--old-registry and --new-registry apply to <old> <new>; with --base, name the registry with --registry.",
      );
    }
    return loadAgainstBase(options, options.base, cwd);
  }
  // Silently ignoring them would compare other files than the user named.
  if (options.schema !== undefined || options.registry !== undefined) {
    throw new UsageOrInputError(
      "--schema and --registry apply with --base; with <old> <new>, each side is its own path (registries: --old-registry, --new-registry).",
    );
  }
  if (options.old === undefined) {
    throw new UsageOrInputError("compare what? Use `wesley diff <old> <new>` or `wesley diff --base <git-ref>`.");
  }
  if (options.new === undefined) {
    throw new UsageOrInputError(
      `missing <new>: give the schema to compare ${options.old} with (\`wesley diff ${options.old} <new>\`), ` +
        "or compare the working tree with a git ref (`wesley diff --base <git-ref>`).",
    );
  }
  const oldInputs = await resolveSchemaInputs(cwd, options.old, options.oldRegistry);
  const newInputs = await resolveSchemaInputs(cwd, options.new, options.newRegistry);
  const [before, after] = await Promise.all([loadSchemaVersion(cwd, oldInputs), loadSchemaVersion(cwd, newInputs)]);
  return { before: { label: options.old, loaded: before }, after: { label: options.new, loaded: after } };
}

/** The working tree's schema (wesley.config / --schema / conventions) against the same paths at `ref`. */
async function loadAgainstBase(
  options: DiffCommandOptions,
  ref: string,
  cwd: string,
): Promise<{ before: Side; after: Side }> {
  const settings = await resolveSettings(cwd, {
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  }).catch((error: Error) => {
    throw new UsageOrInputError(error.message);
  });
  const inputs: SchemaInputs = {
    schema: settings.schema,
    ...(settings.registry === undefined ? {} : { registry: settings.registry }),
    registryRequired: settings.registryRequired,
  };
  const paths = [...inputs.schema.map(gitPathspec), ...(inputs.registry === undefined ? [] : [inputs.registry])];
  const base = await materializeRef(cwd, ref, paths);
  try {
    if (base.files === 0) {
      throw new UsageOrInputError(
        `nothing under ${paths.join(", ")} at ${ref}; is that the right ref and schema path?`,
      );
    }
    const [before, after] = await Promise.all([loadSchemaVersion(base.dir, inputs), loadSchemaVersion(cwd, inputs)]);
    return { before: { label: ref, loaded: before }, after: { label: "working tree", loaded: after } };
  } finally {
    await base.dispose();
  }
}

/** Globs use git's `:(glob)` magic so `**` means what it means to the loader. */
function gitPathspec(input: string): string {
  return /[*?[]/.test(input) ? `:(glob)${input}` : input;
}

async function readApprovals(cwd: string, file: string): Promise<ApprovalsFile> {
  const text = await readFile(resolve(cwd, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    const problem = error.code === "EISDIR" ? "is a folder, not a file" : "not found";
    throw new UsageOrInputError(`approvals file ${file} ${problem}.`);
  });
  const parsed = parseApprovals(file, text);
  if ("problems" in parsed) {
    throw new UsageOrInputError(parsed.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n"));
  }
  return parsed.approvals;
}

function processIo(): DiffIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/**
 * Adds `diff` to the `wesley` program; the action sets process.exitCode. Options are read with optsWithGlobals:
 * `wesley` has a program-level `--config` that commander hands `--config` to wherever it is written, so the
 * command's own options would silently lack it (`wesley diff --config x` ignoring x).
 */
export function registerDiffCommand(program: Command): Command {
  return program
    .command("diff")
    .description("Classify schema and registry changes (breaking / dangerous / safe) for CI. See docs/diff.md.")
    .argument("[old]", "old schema: folder (with its kinds.yaml), file, glob, or a comma-separated list")
    .argument("[new]", "new schema, same forms as <old>")
    .option("--base <git-ref>", "compare the working tree's schema and registry with those at this git ref")
    .option("--schema <paths...>", "with --base: schema files, globs or folders (default: wesley.config or schema/)")
    .option("--registry <file>", "with --base: the kind registry (default: wesley.config or schema/kinds.yaml)")
    .option("--old-registry <file>", "kinds.yaml of <old> (default: <old>/kinds.yaml when <old> is a folder)")
    .option("--new-registry <file>", "kinds.yaml of <new> (default: <new>/kinds.yaml when <new> is a folder)")
    .option("--format <format>", `output format: ${OUTPUT_FORMATS.join(", ")}`, "text")
    .option(
      "--strictness <level>",
      `which changes fail: ${STRICTNESS_LEVELS.join(", ")} (default: wesley-diff.yaml or default)`,
    )
    .option("--approvals <file>", "YAML file of accepted changes (type, coordinate, reason)")
    .option("--config <file>", "diff config file (default: wesley-diff.yaml when present)")
    .option("--color", "force colours in text output")
    .option("--no-color", "never colour text output")
    .action(async (oldSide: string | undefined, newSide: string | undefined, _flags: unknown, command: Command) => {
      process.exitCode = await runDiffCommand({
        ...command.optsWithGlobals<DiffCommandOptions>(),
        ...(oldSide === undefined ? {} : { old: oldSide }),
        ...(newSide === undefined ? {} : { new: newSide }),
      });
    });
}
