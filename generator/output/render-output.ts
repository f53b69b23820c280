import { relative, sep } from "node:path";
import { GENERATOR_VERSION } from "../version.js";
import type { Diagnostic, GeneratorPorts, LoadRequest, OperationSet, ScaffoldLayout } from "./generator-ports.js";
import { findOrphanScaffolds } from "./scaffolds.js";
import type { ScaffoldFileText } from "./scaffolds.js";
import { buildManifest, MANIFEST_FILE, manifestFile } from "./manifest.js";
import type { Manifest } from "./manifest.js";
import { comparePaths, invalidOutputPathReason, outputFileFromText } from "./output-file.js";
import type { OutputFile } from "./output-file.js";
import { targetReadsDocuments } from "./targets.js";
import type { TargetName } from "./targets.js";

export interface RenderRequest extends LoadRequest {
  readonly target: TargetName;
  /** jitos target: where the scaffolded user files live (absolute) and how the output imports them. */
  readonly scaffolds?: { readonly dir: string; readonly layout: ScaffoldLayout };
}

export type RenderOutcome =
  | {
      readonly ok: true;
      /** Everything the output folder must contain, `manifest.json` included, sorted by path. */
      readonly files: readonly OutputFile[];
      readonly manifest: Manifest;
      readonly warnings: readonly Diagnostic[];
      /** User files to create when missing (never overwritten, never compared), paths inside the scaffold folder. */
      readonly scaffolds: readonly ScaffoldFileText[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Load, validate and emit in memory: the complete output of a build, or every error found. Writes nothing. */
export async function renderOutput(request: RenderRequest, ports: GeneratorPorts): Promise<RenderOutcome> {
  const loaded = await ports.loadProject(request);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const subject = {
    generatorVersion: GENERATOR_VERSION,
    target: request.target,
    schemaHash: loaded.schemaHash,
    registryHash: loaded.registryHash,
  };
  let operations: OperationSet | undefined;
  if (targetReadsDocuments(request.target)) {
    if (ports.loadOperations === undefined) throw new Error(`internal: these ports cannot load documents`);
    const documents = await ports.loadOperations({ cwd: request.cwd, documents: request.documents ?? [] }, loaded.ir);
    if (!documents.ok) return { ok: false, diagnostics: documents.diagnostics };
    operations = documents.operations;
  }
  const scaffolding = request.target === "jitos" ? request.scaffolds : undefined;
  let scaffolds: readonly ScaffoldFileText[] = [];
  if (scaffolding !== undefined && ports.scaffolds !== undefined) {
    scaffolds = await ports.scaffolds(loaded.ir, scaffolding.layout);
    const orphans = await findOrphanScaffolds(scaffolding.dir, scaffolds, (path) => shownPath(request.cwd, path));
    if (orphans.length > 0) return { ok: false, diagnostics: orphans };
  }
  const emitted = await ports.emit(
    request.target,
    loaded.ir,
    scaffolding === undefined ? subject : { ...subject, scaffolds: scaffolding.layout },
    operations,
  );
  const files = emitted.map((file) => outputFileFromText(file.path, file.contents));
  assertWritable(files);
  const manifest = buildManifest(subject, files);
  const all = [...files, manifestFile(manifest)].sort((a, b) => comparePaths(a.path, b.path));
  return { ok: true, files: all, manifest, warnings: loaded.warnings, scaffolds };
}

function shownPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return (shown.startsWith("..") ? path : shown).split(sep).join("/");
}

/** A bad path here is an emitter bug, not a user error: stop loudly before anything touches the disk. */
function assertWritable(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const reason = invalidOutputPathReason(file.path);
    if (reason !== undefined)
      throw new Error(`internal error: an emitter produced the path "${file.path}", which ${reason}`);
    if (file.path === MANIFEST_FILE)
      throw new Error(`internal error: an emitter produced ${MANIFEST_FILE}, which the build writes`);
    if (seen.has(file.path)) throw new Error(`internal error: two emitters produced "${file.path}"`);
    seen.add(file.path);
  }
}
