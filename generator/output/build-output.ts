import { isAbsolute, relative, resolve, sep } from "node:path";
import { recoverInterruptedSwap, writeOutDirAtomically } from "./atomic-swap.js";
import { computeInputsDigest, findCacheDir, freshOutput, writeStamp } from "./build-stamp.js";
import { compareWithOutDir, isUpToDate } from "./compare.js";
import type { OutputDifference } from "./compare.js";
import type { Diagnostic, GeneratorPorts } from "./generator-ports.js";
import { readOutDirState } from "./out-dir.js";
import { ownershipProblem } from "./ownership.js";
import { renderOutput } from "./render-output.js";
import { createMissingScaffolds, scaffoldLayout, scaffoldListing } from "./scaffolds.js";
import type { RenderRequest } from "./render-output.js";

export interface BuildRequest extends RenderRequest {
  /** Output folder, absolute or relative to `cwd`. */
  readonly out: string;
  /** `write` replaces the output folder when it differs; `check` only compares. */
  readonly mode: "write" | "check";
  /** Use the no-op fast path (docs/adr/0052-no-op-build-stamp.md). Never used by `check`. */
  readonly useStamp: boolean;
  /** jitos target: the folder of the scaffolded user files (docs/adr/0090-fold-and-policy-scaffolds.md). */
  readonly scaffoldDir?: string;
}

export type BuildOutcome =
  /** The schema or registry is invalid; nothing was written. */
  | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[] }
  /** The output folder holds things Wesley did not write; nothing was written. */
  | { readonly kind: "refused"; readonly reason: string }
  | {
      readonly kind: "written" | "unchanged";
      readonly fileCount: number;
      readonly schemaHash: string;
      readonly warnings: readonly Diagnostic[];
      /** True when the build stamp proved the output fresh without rendering. */
      readonly fromStamp: boolean;
      /** Scaffolds created by this build (user files from now on), shown paths. */
      readonly scaffoldsCreated?: readonly string[];
    }
  | {
      readonly kind: "checked";
      readonly difference: OutputDifference;
      readonly fileCount: number;
      readonly schemaHash: string;
      readonly warnings: readonly Diagnostic[];
    };

/** The whole build: load, validate, emit, then write atomically or compare. See docs/cli.md for what users see. */
export async function buildOutput(buildRequest: BuildRequest, ports: GeneratorPorts): Promise<BuildOutcome> {
  let request = buildRequest;
  const outDir = resolve(request.cwd, request.out);
  const shownOutDir = displayPath(request.cwd, outDir);
  if (request.scaffoldDir !== undefined && request.target === "jitos") {
    const dir = resolve(request.cwd, request.scaffoldDir);
    request = { ...request, scaffolds: { dir, layout: scaffoldLayout(outDir, dir) } };
  }
  if (request.mode === "check") return checkOutput(request, outDir, ports);
  await recoverInterruptedSwap(outDir);
  const stamp = request.useStamp ? await prepareStamp(request, ports) : undefined;
  const fresh = stamp === undefined ? undefined : await freshOutput(stamp.cacheDir, outDir, stamp.inputsDigest);
  if (fresh !== undefined) {
    const fileCount = fresh.manifest.files.length + 1; // + manifest.json
    const { schemaHash } = fresh.manifest;
    return { kind: "unchanged", fileCount, schemaHash, warnings: fresh.warnings, fromStamp: true };
  }

  const rendered = await renderOutput(request, ports);
  if (!rendered.ok) return { kind: "invalid", diagnostics: rendered.diagnostics };
  const state = await readOutDirState(outDir);
  const problem = ownershipProblem(state, shownOutDir);
  if (problem !== undefined) return { kind: "refused", reason: problem };

  const existing = state.kind === "generated" ? state.files : [];
  const difference = await compareWithOutDir(outDir, rendered.files, existing);
  const changed = state.kind === "absent" || !isUpToDate(difference);
  if (changed && isInsideOrSame(outDir, resolve(request.cwd))) {
    // The swap renames the output folder away; the shell (and this process) would be left in a deleted folder.
    return {
      kind: "refused",
      reason:
        `${shownOutDir} is the working directory or contains it; a build replaces the whole output folder, which ` +
        `would leave your shell in a deleted folder. Choose a subfolder (e.g. --out generated).`,
    };
  }
  if (changed) await writeOutDirAtomically(outDir, rendered.files);
  // After the output, so a new scaffold never exists while the types it imports (folds.ts, policy.ts) do not.
  const scaffoldDir = request.scaffolds?.dir;
  const scaffoldsCreated =
    scaffoldDir === undefined
      ? []
      : (await createMissingScaffolds(scaffoldDir, rendered.scaffolds)).map((path) =>
          displayPath(request.cwd, resolve(scaffoldDir, path)),
        );
  if (stamp !== undefined) await writeStamp(stamp.cacheDir, outDir, stamp.inputsDigest, rendered.warnings);
  return {
    kind: changed ? "written" : "unchanged",
    fileCount: rendered.files.length,
    schemaHash: rendered.manifest.schemaHash,
    warnings: rendered.warnings,
    fromStamp: false,
    scaffoldsCreated,
  };
}

async function checkOutput(request: BuildRequest, outDir: string, ports: GeneratorPorts): Promise<BuildOutcome> {
  const rendered = await renderOutput(request, ports);
  if (!rendered.ok) return { kind: "invalid", diagnostics: rendered.diagnostics };
  const state = await readOutDirState(outDir);
  if (state.kind === "not-a-directory") {
    return { kind: "refused", reason: `${displayPath(request.cwd, outDir)} exists and is not a folder.` };
  }
  if (state.kind === "under-a-file") {
    return { kind: "refused", reason: ownershipProblem(state, displayPath(request.cwd, outDir)) as string };
  }
  const existing = state.kind === "generated" || state.kind === "foreign" ? state.files : [];
  return {
    kind: "checked",
    difference: await compareWithOutDir(outDir, rendered.files, existing),
    fileCount: rendered.files.length,
    schemaHash: rendered.manifest.schemaHash,
    warnings: rendered.warnings,
  };
}

/** Computes the stamp key; undefined when there is nowhere to keep a stamp or the inputs cannot be read yet. */
async function prepareStamp(
  request: BuildRequest,
  ports: GeneratorPorts,
): Promise<{ cacheDir: string; inputsDigest: string } | undefined> {
  const cacheDir = await findCacheDir(request.cwd);
  if (cacheDir === undefined) return undefined;
  try {
    const schemaFiles = await ports.resolveSchemaFiles(request.cwd, request.schema);
    // Documents expand like schema patterns (emit-client/operations/document-files.ts relies on it).
    const documentFiles =
      request.documents === undefined ? [] : await ports.resolveSchemaFiles(request.cwd, request.documents);
    const inputsDigest = await computeInputsDigest({
      cwd: request.cwd,
      target: request.target,
      schemaFiles,
      documentFiles,
      ...(request.registry === undefined ? {} : { registry: request.registry }),
      ...(request.scaffolds === undefined ? {} : { scaffoldListing: await scaffoldListing(request.scaffolds.dir) }),
    });
    return { cacheDir, inputsDigest };
  } catch {
    // Unreadable or missing inputs: the full build reports them properly.
    return undefined;
  }
}

function isInsideOrSame(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** How a path is shown to the user: relative to the working directory when inside it, `/`-separated. */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  if (shown === "") return ".";
  if (shown.startsWith("..")) return path.split(sep).join("/");
  return shown.split(sep).join("/");
}
