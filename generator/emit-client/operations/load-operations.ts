import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  GraphQLError,
  Kind,
  LoneAnonymousOperationRule,
  Source,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
} from "graphql";
import type {
  DefinitionNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
} from "graphql";
import { DiagnosticsError, sortDiagnostics } from "../../diagnostics/index.js";
import type { Diagnostic, SourceLocation } from "../../diagnostics/index.js";
import type { WesleyIR } from "../../ir/types.js";
import { contentHash } from "../../output/content-hash.js";
import { findDomainSurface } from "../domain/domain-surface.js";
import { schemaFromIR } from "../schema/schema-from-ir.js";
import { clientError, resolveDocumentFiles } from "./document-files.js";
import { checkOperationNames } from "./operation-naming-rules.js";
import type { ClientOperation, OperationSet } from "./operation-set.js";

/** Operation documents are hand-written; a bigger file is a mistaken pattern, not a query. */
export const DOCUMENT_FILE_CHARS_MAX = 4 * 1024 * 1024;
/** More files than this is a glob over the wrong folder. */
export const DOCUMENT_FILES_MAX = 10_000;
/** graphql-js stops validating after this many errors; we report them all up to this bound. */
const VALIDATION_ERRORS_MAX = 1_000;

export interface OperationsRequest {
  readonly cwd: string;
  /** `--documents` patterns: files, globs or folders. */
  readonly documents: readonly string[];
}

export type OperationsOutcome =
  | { readonly ok: true; readonly operations: OperationSet; readonly files: readonly string[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Reads, parses and validates operation documents against the schema (as the IR describes it). Every error is
 * reported at once with file:line:column; one file's syntax error does not hide another file's.
 */
export async function loadOperations(request: OperationsRequest, ir: WesleyIR): Promise<OperationsOutcome> {
  let files: string[];
  try {
    files = await resolveDocumentFiles(request.cwd, request.documents);
  } catch (e) {
    if (e instanceof DiagnosticsError) return { ok: false, diagnostics: sortDiagnostics(e.diagnostics) };
    throw e;
  }
  if (files.length > DOCUMENT_FILES_MAX) {
    const hint = "Narrow --documents to the folder holding your operations.";
    const message = `The document patterns matched ${files.length} files, more than ${DOCUMENT_FILES_MAX}.`;
    return { ok: false, diagnostics: [clientError("WESLEY_CLIENT_DOCUMENT_PATTERN_UNMATCHED", message, hint)] };
  }

  const diagnostics: Diagnostic[] = [];
  const documents = await readAndParse(files, request.cwd, diagnostics);
  const allParsed = diagnostics.length === 0;

  // The files that parsed are still validated, so one typo does not hide the other files' errors; only findings
  // that an unparsed file could explain (a fragment defined or used there) are left out until it parses.
  const merged: DocumentNode = { kind: Kind.DOCUMENT, definitions: documents.flatMap((doc) => doc.definitions) };
  const schema = schemaFromIR(ir);
  const validation = validateAgainst(schema, merged);
  diagnostics.push(...(allParsed ? validation : validation.filter((d) => !mayBeCausedByUnparsedFile(d.message))));

  const operationNodes = merged.definitions.filter(isOperation);
  const fragments = new Map(merged.definitions.filter(isFragment).map((f) => [f.name.value, f]));
  diagnostics.push(
    ...checkOperationNames(
      operationNodes,
      ir.types.map((type) => type.name),
    ),
  );
  if (allParsed && operationNodes.length === 0) {
    diagnostics.push(
      clientError(
        "WESLEY_CLIENT_NO_OPERATIONS",
        `The documents (${files.join(", ")}) define no query, mutation or subscription.`,
        "Add at least one named operation; fragments alone generate nothing.",
      ),
    );
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const domain = findDomainSurface(schema);
  if (!domain.ok) return { ok: false, diagnostics: sortDiagnostics([...domain.diagnostics]) };

  const operations = operationNodes
    .map((definition) => toClientOperation(definition, fragments))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const set = {
    operations,
    fragments,
    document: merged,
    ...(domain.domain === undefined ? {} : { domain: domain.domain }),
  };
  return { ok: true, operations: set, files };
}

async function readAndParse(files: readonly string[], cwd: string, diagnostics: Diagnostic[]): Promise<DocumentNode[]> {
  const documents: DocumentNode[] = [];
  for (const file of files) {
    const at: SourceLocation = { file, line: 1, column: 1 };
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), "utf8");
    } catch (e) {
      const hint = "Check that the file exists and is readable.";
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_DOCUMENT_UNREADABLE",
          `Cannot read document "${file}": ${(e as Error).message}`,
          hint,
          at,
        ),
      );
      continue;
    }
    if (text.length > DOCUMENT_FILE_CHARS_MAX) {
      const message = `Document "${file}" has ${text.length} characters, more than ${DOCUMENT_FILE_CHARS_MAX}.`;
      diagnostics.push(
        clientError("WESLEY_CLIENT_DOCUMENT_UNREADABLE", message, "Narrow --documents to your operation files.", at),
      );
      continue;
    }
    try {
      documents.push(parse(new Source(text, file)));
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      const where = e.locations?.[0];
      diagnostics.push(
        clientError(
          "WESLEY_CLIENT_SYNTAX_ERROR",
          e.message.replace(/^Syntax Error: /, "Syntax error: "),
          "Fix the syntax at the caret (often a missing brace or closing quote just before it). Other files were still checked.",
          where === undefined ? at : { file, line: where.line, column: where.column },
        ),
      );
    }
  }
  return documents;
}

/**
 * graphql-js's executable-document rules, except "a lone anonymous operation": every operation needs a name here
 * (checkOperationNames says so with a better hint). Each error is located in the file its first node came from.
 */
const OPERATION_RULES = specifiedRules.filter((rule) => rule !== LoneAnonymousOperationRule);

function validateAgainst(schema: GraphQLSchema, document: DocumentNode): Diagnostic[] {
  const errors = validate(schema, document, OPERATION_RULES, { maxErrors: VALIDATION_ERRORS_MAX });
  return errors.map((e) => {
    const node = e.nodes?.[0];
    const loc = node?.loc;
    const location =
      loc === undefined
        ? undefined
        : { file: loc.source.name, line: loc.startToken.line, column: loc.startToken.column };
    return clientError("WESLEY_CLIENT_INVALID_OPERATION", e.message, validationHint(e.message), location);
  });
}

function mayBeCausedByUnparsedFile(message: string): boolean {
  return (
    message.startsWith("Unknown fragment") || (message.startsWith("Fragment") && message.includes("is never used"))
  );
}

function validationHint(message: string): string {
  if (message.startsWith("Cannot query field"))
    return "Select only fields the schema defines (see the suggestion, if any).";
  if (message.includes("must have a selection of subfields"))
    return "Add a selection set { ... } naming the fields you need.";
  if (message.startsWith("Variable") && message.includes("is never used")) return "Remove the variable or use it.";
  if (message.includes("There can be only one"))
    return "Operation and fragment names must be unique across all --documents files.";
  return "Fix the operation to match the schema; the rule is GraphQL's own validation.";
}

function toClientOperation(
  definition: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): ClientOperation {
  const used = [...usedFragments(definition, fragments)].sort();
  const parts = [print(definition), ...used.map((name) => print(fragments.get(name) as FragmentDefinitionNode))];
  const source = parts.join("\n\n");
  const name = definition.name?.value;
  if (name === undefined) throw new Error("internal: anonymous operations are rejected before emission");
  return { name, kind: definition.operation, definition, source, id: contentHash(new TextEncoder().encode(source)) };
}

/** Names of every fragment an operation spreads, directly or through other fragments. */
function usedFragments(
  root: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): Set<string> {
  const found = new Set<string>();
  const pending: DefinitionNode[] = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    visit(next, {
      FragmentSpread(node) {
        const name = node.name.value;
        if (found.has(name)) return;
        found.add(name);
        const fragment = fragments.get(name);
        if (fragment !== undefined) pending.push(fragment);
      },
    });
  }
  return found;
}

function isOperation(node: DefinitionNode): node is OperationDefinitionNode {
  return node.kind === Kind.OPERATION_DEFINITION;
}

function isFragment(node: DefinitionNode): node is FragmentDefinitionNode {
  return node.kind === Kind.FRAGMENT_DEFINITION;
}
