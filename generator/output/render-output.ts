import { GENERATOR_VERSION } from "../version.js";
import type { Diagnostic, GeneratorPorts, LoadRequest, OperationSet } from "./generator-ports.js";
import { buildManifest, MANIFEST_FILE, manifestFile } from "./manifest.js";
import type { Manifest } from "./manifest.js";
import { comparePaths, invalidOutputPathReason, outputFileFromText } from "./output-file.js";
import type { OutputFile } from "./output-file.js";
import { targetReadsDocuments } from "./targets.js";
import type { TargetName } from "./targets.js";

export interface RenderRequest extends LoadRequest {
  readonly target: TargetName;
}

export type RenderOutcome =
  | {
      readonly ok: true;
      /** Everything the output folder must contain, `manifest.json` included, sorted by path. */
      readonly files: readonly OutputFile[];
      readonly manifest: Manifest;
      readonly warnings: readonly Diagnostic[];
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
  const emitted = await ports.emit(request.target, loaded.ir, subject, operations);
  const files = emitted.map((file) => outputFileFromText(file.path, file.contents));
  assertWritable(files);
  const manifest = buildManifest(subject, files);
  const all = [...files, manifestFile(manifest)].sort((a, b) => comparePaths(a.path, b.path));
  return { ok: true, files: all, manifest, warnings: loaded.warnings };
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
