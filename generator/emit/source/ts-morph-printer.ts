/**
 * Generated TypeScript is described with ts-morph structures: every file is a list of ts-morph statement
 * structures (interfaces, type aliases, variable statements, functions, imports, exports, with their JSDoc), plus
 * statement text where prettier's layout needs a line break that a structure cannot carry (files/declarations.ts).
 * Two printers turn those structures into text, byte for byte the same (a test compares them on every corpus schema
 * and GitHub's): ts-morph's own `printStructure`, and `structure-text.ts`, a printer of just the structures above
 * for schemas too large for ts-morph's cost (docs/adr/0045-typescript-emission-with-ts-morph-structures.md).
 */
import { createRequire } from "node:module";
import type * as TsMorphModule from "ts-morph";
import type { SourceFileStructure, StatementStructures } from "ts-morph";
import { headerLines, type HeaderFacts } from "./header.js";
import { DECLARATION_KIND, STRUCTURE_KIND } from "./structure-kinds.js";
import { printStatements } from "./structure-text.js";

type TsMorph = typeof TsMorphModule;

export type Statement = string | StatementStructures;

/**
 * A blank line between two statements. ts-morph separates statements with a blank line only around blocks
 * (after a `}`, before interfaces and functions); this marks the other places a reader benefits from one.
 */
export const BLANK_LINE: Statement = "\n";

export interface TsPrinter {
  readonly name: "ts-morph" | "structure-text";
  readonly kind: typeof STRUCTURE_KIND;
  readonly declarationKind: typeof DECLARATION_KIND;
  /** The file's text: the do-not-edit header, a blank line, the statements; ends in exactly one newline. */
  printFile(header: HeaderFacts, statements: readonly Statement[]): string;
}

/** Matches the repository's prettier config (2-space indent, double quotes), so printed code is already formatted. */
const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: false, newLine: "\n" } as const;

let tsMorph: TsMorph | undefined;

/**
 * ts-morph's printStructure. ts-morph loads the TypeScript compiler (~0.3 s), so it is required on first use only:
 * a no-op rebuild, `--help` or a build that fails validation never pays for it. CommonJS `require` skips the ESM
 * wrapper's scan of its 950 KB of exports.
 */
export const tsMorphPrinter: TsPrinter = {
  name: "ts-morph",
  kind: STRUCTURE_KIND,
  declarationKind: DECLARATION_KIND,
  printFile(header, statements) {
    tsMorph ??= createRequire(import.meta.url)("ts-morph") as TsMorph;
    const structure: SourceFileStructure = {
      kind: tsMorph.StructureKind.SourceFile,
      statements: [headerText(header), ...withoutDoubledBlankLines(statements)],
    };
    return tsMorph.printStructure(structure, PRINT_OPTIONS);
  },
};

/** The same structures printed by structure-text.ts, without loading ts-morph. */
export const structureTextPrinter: TsPrinter = {
  name: "structure-text",
  kind: STRUCTURE_KIND,
  declarationKind: DECLARATION_KIND,
  printFile(header, statements) {
    return printStatements([headerText(header), ...withoutDoubledBlankLines(statements)]);
  },
};

function headerText(header: HeaderFacts): string {
  return headerLines(header).join("\n") + "\n\n";
}

const BLOCK_KINDS: ReadonlySet<unknown> = new Set([STRUCTURE_KIND.Interface, STRUCTURE_KIND.Function]);

/**
 * ts-morph already leaves a blank line after a statement that ends in `}` (a block); a BLANK_LINE there would make
 * two, which prettier collapses, so it is dropped.
 */
function withoutDoubledBlankLines(statements: readonly Statement[]): Statement[] {
  const endsWithBlock = (statement: Statement | undefined): boolean =>
    typeof statement === "string" ? statement.trimEnd().endsWith("}") : BLOCK_KINDS.has(statement?.kind);
  return statements.filter((statement, i) => statement !== BLANK_LINE || !endsWithBlock(statements[i - 1]));
}
