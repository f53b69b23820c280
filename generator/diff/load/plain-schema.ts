import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { buildASTSchema, GraphQLError, Kind, parse, Source, visit, BREAK } from "graphql";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { Diagnostic } from "../../diagnostics/index.js";

/** Directives that make a schema a Wesley schema (generator/directives/wesley.graphql). */
const WESLEY_DIRECTIVES: ReadonlySet<string> = new Set(["node", "edge", "op", "requires", "derived", "constraint"]);

export type PlainParse =
  | { readonly ok: true; readonly documents: readonly DocumentNode[]; readonly usesWesleyDirectives: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Parses SDL files, each source named by its path relative to `cwd` (so locations print as
 * `schema/ops.graphql:12`), and says whether any Wesley directive is used.
 */
export async function parseSchemaFiles(cwd: string, files: readonly string[]): Promise<PlainParse> {
  const documents: DocumentNode[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      documents.push(parse(new Source(await readFile(resolve(cwd, file), "utf8"), file)));
    } catch (error) {
      diagnostics.push(diagnosticOf(error, file));
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, documents, usesWesleyDirectives: documents.some(usesWesleyDirective) };
}

/** A plain GraphQL schema (no registry, no Wesley directives): graphql-js builds and validates it. */
export function buildPlainSchema(
  documents: readonly DocumentNode[],
): { schema: GraphQLSchema } | { diagnostics: Diagnostic[] } {
  try {
    return { schema: buildASTSchema({ kind: Kind.DOCUMENT, definitions: documents.flatMap((d) => d.definitions) }) };
  } catch (error) {
    // assertValidSDL joins every rule violation into one message; each line names the definition at fault.
    return { diagnostics: [diagnosticOf(error, "")] };
  }
}

function usesWesleyDirective(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (WESLEY_DIRECTIVES.has(node.name.value)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function diagnosticOf(error: unknown, file: string): Diagnostic {
  const where = error instanceof GraphQLError ? error.locations?.[0] : undefined;
  const name = error instanceof GraphQLError ? (error.source?.name ?? file) : file;
  return {
    code: "WESLEY_DIFF_SCHEMA_INVALID",
    severity: "error",
    message: error instanceof GraphQLError ? error.message : (error as Error).message,
    ...(where === undefined || name === "" ? {} : { location: { file: name, line: where.line, column: where.column } }),
  };
}
