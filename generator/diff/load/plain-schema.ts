import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { buildASTSchema, concatAST, GraphQLError, parse, Source } from "graphql";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { glob } from "tinyglobby";

/** A schema read as plain GraphQL: enough for graphql-level checks, with file:line for every definition. */
export type PlainSchemaResult =
  | { readonly ok: true; readonly schema: GraphQLSchema; readonly files: readonly string[] }
  | {
      readonly ok: false;
      readonly problems: readonly { file: string; line: number; column: number; message: string }[];
    };

/**
 * Reads SDL files (files, globs or folders, relative to `cwd`) into one schema, each source named by its path
 * relative to `cwd` so locations print as `schema/ops.graphql:12`.
 */
export async function loadPlainSchema(cwd: string, inputs: readonly string[]): Promise<PlainSchemaResult> {
  const files = await expandSchemaInputs(cwd, inputs);
  if (files.length === 0) {
    return {
      ok: false,
      problems: [{ file: inputs.join(","), line: 0, column: 0, message: "no .graphql files found." }],
    };
  }
  const documents: DocumentNode[] = [];
  for (const file of files) {
    try {
      documents.push(parse(new Source(await readFile(resolve(cwd, file), "utf8"), file)));
    } catch (error) {
      return { ok: false, problems: [problemOf(error, file)] };
    }
  }
  try {
    return { ok: true, schema: buildASTSchema(concatAST(documents)), files };
  } catch (error) {
    return { ok: false, problems: [problemOf(error, files[0] as string)] };
  }
}

export async function expandSchemaInputs(cwd: string, inputs: readonly string[]): Promise<string[]> {
  const patterns = inputs.map((input) =>
    /[*?{[]/.test(input) || /\.(graphqls?|gql)$/.test(input)
      ? input
      : `${input.replace(/\/$/, "")}/**/*.{graphql,graphqls,gql}`,
  );
  return (await glob(patterns, { cwd, onlyFiles: true, expandDirectories: false })).sort();
}

function problemOf(error: unknown, fallbackFile: string) {
  if (error instanceof GraphQLError) {
    const where = error.source && error.locations?.[0];
    return {
      file: error.source?.name ?? fallbackFile,
      line: where ? where.line : 0,
      column: where ? where.column : 0,
      message: error.message,
    };
  }
  return { file: fallbackFile, line: 0, column: 0, message: (error as Error).message };
}
