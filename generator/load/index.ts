import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildASTSchema } from "graphql";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { DiagnosticsError, error, hasErrors, sortDiagnostics } from "../diagnostics/index.js";
import { buildIR, hashIR, hashRegistry } from "../ir/index.js";
import type { SourceIndex, WesleyIR } from "../ir/types.js";
// coverage.js, not the registry index: the index pulls in the YAML parser, which a build without kinds.yaml never needs.
import { checkRegistryCoverage } from "../registry/coverage.js";
import {
  checkDefaultValues,
  checkDirectiveValues,
  checkGraphQLSchemaRules,
  checkGraphQLSDLRules,
  checkLocalRules,
  checkReferenceRules,
} from "../validate/index.js";
import { wesleyDirectiveSchema, wesleyDirectivesSDL } from "./directives.js";
import { resolveSchemaFiles } from "./files.js";
import { buildSchemaModel } from "./model.js";
import { parseSDL } from "./parse.js";
import { loadRegistryFile } from "./registry-file.js";

export { resolveSchemaFiles, SCHEMA_FILE_GLOB } from "./files.js";
export { WESLEY_DIRECTIVES_SOURCE } from "./directives.js";

/** A schema file bigger than this is not hand-written SDL (GitHub's whole public schema is about 1.2 MB). */
export const SCHEMA_FILE_BYTES_MAX = 64 * 1024 * 1024;

export interface LoadOptions {
  cwd: string;
  /** Files, globs or directories (a directory means its **\/*.graphql and **\/*.gql files). */
  schema: readonly string[];
  /** Path of kinds.yaml; when absent, or when it does not exist and is not required, the registry is empty. */
  registry?: string;
  /** The registry file must exist (the user named it explicitly). */
  registryRequired?: boolean;
  /**
   * Leave out the schema and registry hashes (returned as ""). Hashing means canonically encoding the whole IR,
   * about 0.1 s on GitHub's schema; callers that only compare schemas (`wesley diff`) do not need it.
   */
  skipHashes?: boolean;
}

export type LoadResult =
  | {
      ok: true;
      ir: WesleyIR;
      schemaHash: string;
      registryHash: string;
      sources: SourceIndex;
      schema: GraphQLSchema;
      warnings: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * SDL files + kinds.yaml -> validated IR and its hashes, or every error found (sorted by file, line, column).
 *
 * Checks run in stages so that each error is reported once and none hides another unnecessarily:
 * 1. each file is parsed on its own; kinds.yaml is parsed and checked on its own;
 * 2. definitions are merged (duplicates, bad `extend`s) and per-field rules run, even if some file did not parse;
 * 3. with every file parsed: graphql-js SDL rules, Wesley's cross-reference rules and registry coverage;
 * 4. with no error in 2-3 that makes building impossible: build the schema and run graphql-js's type-system rules.
 */
export async function loadProject(opts: LoadOptions): Promise<LoadResult> {
  let files: string[];
  try {
    files = await resolveSchemaFiles(opts.schema, opts.cwd);
  } catch (e) {
    if (e instanceof DiagnosticsError) return { ok: false, diagnostics: sortDiagnostics(e.diagnostics) };
    throw e;
  }

  const diagnostics: Diagnostic[] = [];
  const [documents, registry] = await Promise.all([
    readAndParse(files, opts.cwd, diagnostics),
    loadRegistryFile(opts.cwd, opts.registry, opts.registryRequired === true),
  ]);
  const allParsed = documents.length === files.length;
  diagnostics.push(...registry.parsed.diagnostics);

  const directivesSDL = wesleyDirectivesSDL();
  const { model, diagnostics: mergeDiagnostics } = buildSchemaModel({ wesleyDirectives: directivesSDL.document, documents });
  diagnostics.push(...mergeDiagnostics, ...checkLocalRules(model));
  // wesleyDirectiveSchema() is built (once) only when a Wesley directive is actually used.
  diagnostics.push(...checkDirectiveValues(model, (name) => (directivesSDL.names.has(name) ? wesleyDirectiveSchema().getDirective(name) : undefined)));

  let buildable = allParsed && mergeDiagnostics.length === 0;
  if (allParsed) {
    const sdlDiagnostics = checkGraphQLSDLRules(model);
    buildable &&= sdlDiagnostics.length === 0;
    const references = checkReferenceRules(model);
    diagnostics.push(...sdlDiagnostics, ...references.diagnostics);
    if (registry.parsed.diagnostics.length === 0) diagnostics.push(...checkRegistryCoverage(registry.parsed, references.declared, registry.file));
  }

  let schema: GraphQLSchema | undefined;
  if (buildable) {
    // Our own checks above cover everything assertValidSDL would, with locations and codes.
    schema = buildASTSchema(model.document, { assumeValidSDL: true });
    const edgeKinds = new Set(Object.values(schema.getTypeMap()).filter((t) => model.types.get(t.name)?.directives.some((d) => d.name.value === "edge")).map((t) => t.name));
    diagnostics.push(
      ...checkGraphQLSchemaRules(schema, edgeKinds),
      ...checkDefaultValues(schema),
      ...checkDirectiveValues(model, (name) => (directivesSDL.names.has(name) ? undefined : schema?.getDirective(name))),
    );
  }

  if (hasErrors(diagnostics) || schema === undefined) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const ir = buildIR(schema, registry.parsed.registry);
  const sources = new Map([...model.locations, ...registry.parsed.locations]);
  return {
    ok: true,
    ir,
    schemaHash: opts.skipHashes === true ? "" : hashIR(ir),
    registryHash: opts.skipHashes === true ? "" : hashRegistry(ir.registry),
    sources,
    schema,
    warnings: sortDiagnostics(diagnostics.filter((d) => d.severity === "warning")),
  };
}

async function readAndParse(files: readonly string[], cwd: string, diagnostics: Diagnostic[]): Promise<DocumentNode[]> {
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        const text = await readFile(path.resolve(cwd, file), "utf8");
        if (text.length > SCHEMA_FILE_BYTES_MAX) {
          diagnostics.push(error("WESLEY_FILE_UNREADABLE", `Schema file "${file}" has ${text.length} characters, more than ${SCHEMA_FILE_BYTES_MAX}.`, { file, line: 1, column: 1 }, "Is this really SDL? Narrow --schema to your schema files."));
          return undefined;
        }
        return text;
      } catch (e) {
        diagnostics.push(error("WESLEY_FILE_UNREADABLE", `Cannot read schema file "${file}": ${(e as Error).message}`, { file, line: 1, column: 1 }, "Check that the file exists and is readable."));
        return undefined;
      }
    }),
  );
  const documents: DocumentNode[] = [];
  files.forEach((file, i) => {
    const text = texts[i];
    if (text === undefined) return;
    const parsed = parseSDL(text, file);
    if ("document" in parsed) documents.push(parsed.document);
    else diagnostics.push(parsed.diagnostic);
  });
  return documents;
}
