/**
 * Wesley as a graphql-codegen preset, for teams that already run `@graphql-codegen/cli` (docs/cli.md, ADR 0053).
 *
 *   // codegen.ts
 *   import type { CodegenConfig } from "@graphql-codegen/cli";
 *   import { wesleyPreset } from "jitos-wesley/dist/generator/codegen-plugin/index.js";
 *   export default {
 *     schema: ["schema/*.graphql", "node_modules/jitos-wesley/generator/directives/wesley.graphql"],
 *     generates: { "generated/": { preset: wesleyPreset, presetConfig: { registry: "schema/kinds.yaml" }, plugins: [] } },
 *   } satisfies CodegenConfig;
 *
 * It runs the same loader and emitters as `wesley build` on the schema codegen loaded and hands codegen one output
 * per file (manifest.json and bindings.ts included), so the folder is byte-identical to what `wesley build` writes
 * for that schema. Like `wesley build`, it creates missing fold/policy scaffolds once and never overwrites them
 * (docs/adr/0093-codegen-preset-parity.md): codegen outputs are rewritten on every run, so they cannot hold user
 * files. Writing the output is codegen's (not atomic); `wesley build --check` in CI stays the guard against stale
 * output.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { DocumentNode } from "graphql";
import { Kind, print } from "graphql";
import { formatDiagnostics } from "../diagnostics/index.js";
import { wesleyDirectivesSDL } from "../load/directives.js";
import { displayPath } from "../output/build-output.js";
import { defaultGeneratorPorts } from "../output/default-ports.js";
import { renderOutput } from "../output/render-output.js";
import type { RenderRequest } from "../output/render-output.js";
import { createMissingScaffolds, scaffoldLayout } from "../output/scaffolds.js";
import { isTargetName, TARGET_NAMES } from "../output/targets.js";
import type { TargetName } from "../output/targets.js";

export interface WesleyPresetConfig {
  /** The kind registry (kinds.yaml), relative to the working directory. Without it the registry is empty. */
  readonly registry?: string;
  /** What to generate; default "jitos". */
  readonly target?: string;
  /**
   * jitos target: folder of the fold reducers and policy predicates (ADR 0090), relative to the working directory;
   * default the registry's folder, as `wesley build` (its `scaffolds` config key). Without either there is none:
   * every fold and op needs registry ids, so such a schema has nothing to scaffold.
   */
  readonly scaffolds?: string;
}

/** The slice of codegen's preset arguments we read (structurally compatible with `Types.PresetFnArgs`). */
export interface PresetArgs {
  readonly presetConfig?: WesleyPresetConfig;
  readonly baseOutputDir: string;
  readonly schema: DocumentNode;
}

/** One output of the generates section (structurally compatible with codegen's `Types.GenerateOptions`). */
export interface PresetOutput {
  readonly filename: string;
  readonly plugins: Array<Record<string, Record<string, never>>>;
  readonly pluginMap: Record<string, { plugin: () => string }>;
  readonly schema: DocumentNode;
  readonly documents: never[];
  readonly config: Record<string, unknown>;
}

/** Name of the file printed from codegen's merged schema; error locations point into it. */
export const CODEGEN_SCHEMA_FILE = "codegen-schema.graphql";
const FILE_PLUGIN = "wesley-file";

export const wesleyPreset = {
  async buildGeneratesSection(args: PresetArgs): Promise<PresetOutput[]> {
    const target = presetTarget(args.presetConfig?.target);
    const registry = args.presetConfig?.registry;
    const scaffolding = presetScaffolding(args.presetConfig, args.baseOutputDir, target);
    // The loader reads files (it keeps locations for its errors), so codegen's merged schema is printed to one.
    const dir = await mkdtemp(join(tmpdir(), "wesley-codegen-"));
    try {
      const sdl = print(withoutWesleyDirectiveDefinitions(args.schema));
      await writeFile(join(dir, CODEGEN_SCHEMA_FILE), sdl);
      const rendered = await renderOutput(
        {
          cwd: dir,
          schema: [CODEGEN_SCHEMA_FILE],
          ...(registry === undefined ? {} : { registry: resolve(registry) }),
          registryRequired: registry !== undefined,
          target,
          ...(scaffolding === undefined ? {} : { scaffolds: scaffolding }),
        },
        defaultGeneratorPorts,
      );
      if (!rendered.ok) {
        const text = formatDiagnostics(rendered.diagnostics, (file) =>
          file === CODEGEN_SCHEMA_FILE ? sdl : undefined,
        );
        throw new Error(
          `Wesley found errors in the schema codegen loaded (as printed to ${CODEGEN_SCHEMA_FILE}):\n${text}`,
        );
      }
      if (scaffolding !== undefined) {
        // Before codegen writes the output (a preset has no later hook); a scaffold's bytes do not depend on it.
        const created = await createMissingScaffolds(scaffolding.dir, rendered.scaffolds);
        for (const path of created) {
          const shown = displayPath(process.cwd(), resolve(scaffolding.dir, path));
          process.stdout.write(`wesley preset: created ${shown} (yours to edit; never overwritten)\n`);
        }
      }
      const decoder = new TextDecoder();
      return rendered.files.map((file) => {
        const contents = decoder.decode(file.bytes);
        return {
          filename: join(args.baseOutputDir, ...file.path.split("/")),
          plugins: [{ [FILE_PLUGIN]: {} }],
          pluginMap: { [FILE_PLUGIN]: { plugin: () => contents } },
          schema: args.schema,
          documents: [],
          config: {},
        };
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/**
 * Codegen needs Wesley's directive definitions in its schema to build it, and prints them back re-ordered
 * (arguments sorted), which the loader would report as a redefinition. The loader brings its own, so drop them.
 */
function withoutWesleyDirectiveDefinitions(document: DocumentNode): DocumentNode {
  const wesleyNames = wesleyDirectivesSDL().names;
  const definitions = document.definitions.filter(
    (definition) => definition.kind !== Kind.DIRECTIVE_DEFINITION || !wesleyNames.has(definition.name.value),
  );
  return { ...document, definitions };
}

/** Where the scaffolds live and how bindings.ts imports them, exactly as `wesley build` computes it. */
function presetScaffolding(
  config: WesleyPresetConfig | undefined,
  baseOutputDir: string,
  target: TargetName,
): RenderRequest["scaffolds"] {
  if (target !== "jitos") return undefined;
  const folder = config?.scaffolds ?? (config?.registry === undefined ? undefined : dirname(config.registry));
  if (folder === undefined) return undefined;
  const dir = resolve(folder);
  return { dir, layout: scaffoldLayout(resolve(baseOutputDir), dir) };
}

function presetTarget(target: string | undefined): TargetName {
  if (target === undefined) return "jitos";
  if (!isTargetName(target)) {
    throw new Error(
      `wesley preset: unknown presetConfig.target "${target}"; valid targets: ${TARGET_NAMES.join(", ")}.`,
    );
  }
  return target;
}
