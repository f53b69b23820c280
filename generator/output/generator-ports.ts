import type { Diagnostic } from "../diagnostics/index.js";
import type { OperationSet, OperationsOutcome, OperationsRequest } from "../emit-client/index.js";
import type { WesleyIR } from "../ir/types.js";
import type { TargetName } from "./targets.js";

export type { Diagnostic, OperationSet, OperationsOutcome, OperationsRequest };

/**
 * What the build pipeline needs from the loader and the emitters. The pipeline depends on this shape rather than on
 * the modules themselves so that (a) the heavy modules (ts-morph alone takes ~0.4 s to import) load only when a
 * build really has to render, keeping a no-op rebuild fast, and (b) tests can drive the pipeline with small fakes.
 */
export interface GeneratorPorts {
  /** Expands files, globs and folders to the sorted list of schema files the loader would read (cwd-relative). */
  resolveSchemaFiles(cwd: string, patterns: readonly string[]): Promise<readonly string[]>;
  loadProject(request: LoadRequest): Promise<LoadOutcome>;
  /** `operations` is given for targets that read documents (`client`), after `loadOperations` validated them. */
  emit(target: TargetName, ir: WesleyIR, meta: EmitMeta, operations?: OperationSet): Promise<readonly EmittedFile[]>;
  /** The user files the jitos target scaffolds once (reducers, policy predicates); see scaffolds.ts. */
  scaffolds?(ir: WesleyIR, layout: ScaffoldLayout): Promise<readonly EmittedFile[]>;
  /** Reads, parses and validates `--documents` against the schema (target `client`); every error located. */
  loadOperations?(request: OperationsRequest, ir: WesleyIR): Promise<OperationsOutcome>;
  /** The IR as `wesley ir --json` prints it. */
  irToJSON(ir: WesleyIR): Promise<string>;
}

export interface LoadRequest {
  readonly cwd: string;
  readonly schema: readonly string[];
  readonly registry?: string;
  /** False when the registry path is only a convention (`schema/kinds.yaml`): a missing file then means "none". */
  readonly registryRequired: boolean;
  /** `--documents` patterns (operation documents), for targets that read them. */
  readonly documents?: readonly string[];
}

export type LoadOutcome =
  | {
      readonly ok: true;
      readonly ir: WesleyIR;
      readonly schemaHash: string;
      readonly registryHash: string;
      readonly warnings: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export interface EmitMeta {
  readonly schemaHash: string;
  readonly registryHash: string;
  readonly generatorVersion: string;
  /** Where the scaffolded user files live relative to the output (jitos target; bindings.ts imports them). */
  readonly scaffolds?: ScaffoldLayout;
}

export interface ScaffoldLayout {
  /** The scaffold folder relative to the output folder, `/`-separated, starting with "./" or "../". */
  readonly scaffoldsFromOut: string;
  /** The output folder relative to the scaffold folder. */
  readonly outFromScaffolds: string;
}

export interface EmittedFile {
  readonly path: string;
  readonly contents: string;
}
