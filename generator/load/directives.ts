import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Kind, Source, buildASTSchema, parse } from "graphql";
import type { DocumentNode, GraphQLSchema } from "graphql";

/** The name errors use for Wesley's own directive SDL (it is not a file of the user's project). */
export const WESLEY_DIRECTIVES_SOURCE = "<wesley>/directives.graphql";

/**
 * generator/directives/wesley.graphql, next to this module's source. Compiled code runs from dist/generator/load/,
 * where tsc does not copy .graphql files, so the package's source copy (three levels up) is the fallback.
 */
const CANDIDATES = ["../directives/wesley.graphql", "../../../generator/directives/wesley.graphql"];

export interface WesleyDirectivesSDL {
  readonly text: string;
  readonly document: DocumentNode;
  readonly names: ReadonlySet<string>;
}

let cachedSDL: WesleyDirectivesSDL | undefined;
let cachedSchema: GraphQLSchema | undefined;

export function wesleyDirectivesSDL(): WesleyDirectivesSDL {
  if (cachedSDL) return cachedSDL;
  for (const candidate of CANDIDATES) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const document = parse(new Source(text, WESLEY_DIRECTIVES_SOURCE));
    const names = new Set(document.definitions.flatMap((d) => (d.kind === Kind.DIRECTIVE_DEFINITION ? [d.name.value] : [])));
    cachedSDL = { text, document, names };
    return cachedSDL;
  }
  throw new Error("internal: Wesley's directive SDL (generator/directives/wesley.graphql) is missing from the installation");
}

/** Wesley's directives alone as a schema: lets their argument values be checked even when the user's schema cannot be built. */
export function wesleyDirectiveSchema(): GraphQLSchema {
  cachedSchema ??= buildASTSchema(wesleyDirectivesSDL().document);
  return cachedSchema;
}
