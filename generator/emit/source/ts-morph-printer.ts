/**
 * Generated TypeScript is produced with ts-morph: every file is a ts-morph `SourceFileStructure` (interfaces,
 * type aliases, variable statements, functions, imports) printed by `printStructure`, which writes text straight
 * from the structures without building an AST (docs/adr/0045-typescript-emission-with-ts-morph-structures.md).
 * Expressions that prettier would break over lines (TypeBox schemas, object literals, long unions) are laid out by
 * `layout.ts` and handed to ts-morph as initializer or type text.
 *
 * ts-morph loads the TypeScript compiler (~0.3 s), so it is required here on first use only: a no-op rebuild,
 * `--help` or a build that fails validation never pays for it.
 */
import { createRequire } from "node:module";
import type * as TsMorphModule from "ts-morph";
import type { SourceFileStructure, StatementStructures } from "ts-morph";
import { headerLines, type HeaderFacts } from "./header.js";

type TsMorph = typeof TsMorphModule;

export type Statement = string | StatementStructures;

/**
 * A blank line between two statements. ts-morph separates statements with a blank line only around blocks
 * (after a `}`, before interfaces and functions); this marks the other places a reader benefits from one.
 */
export const BLANK_LINE: Statement = "\n";

/** The subset of ts-morph the emitters use: structure kinds to build with, and the printer. */
export interface TsPrinter {
  readonly kind: TsMorph["StructureKind"];
  readonly declarationKind: TsMorph["VariableDeclarationKind"];
  /** The file's text: the do-not-edit header, a blank line, the statements; ends in exactly one newline. */
  printFile(header: HeaderFacts, statements: readonly Statement[]): string;
}

/** Matches the repository's prettier config (2-space indent, double quotes), so printed code is already formatted. */
const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: false, newLine: "\n" } as const;

let printer: TsPrinter | undefined;

/** ts-morph, loaded once per process (CommonJS: `require` skips the ESM wrapper's scan of its 950 KB of exports). */
export function tsPrinter(): TsPrinter {
  if (printer !== undefined) return printer;
  const morph = createRequire(import.meta.url)("ts-morph") as TsMorph;
  printer = {
    kind: morph.StructureKind,
    declarationKind: morph.VariableDeclarationKind,
    printFile(header, statements) {
      const structure: SourceFileStructure = {
        kind: morph.StructureKind.SourceFile,
        statements: [headerLines(header).join("\n") + "\n\n", ...withoutDoubledBlankLines(morph, statements)],
      };
      return morph.printStructure(structure, PRINT_OPTIONS);
    },
  };
  return printer;
}

/**
 * ts-morph already leaves a blank line after a statement that ends in `}` (a block); a BLANK_LINE there would make
 * two, which prettier collapses, so it is dropped.
 */
function withoutDoubledBlankLines(morph: TsMorph, statements: readonly Statement[]): Statement[] {
  const blockKinds: ReadonlySet<unknown> = new Set([
    morph.StructureKind.Interface,
    morph.StructureKind.Function,
    morph.StructureKind.Class,
    morph.StructureKind.Enum,
    morph.StructureKind.Module,
  ]);
  const endsWithBlock = (statement: Statement | undefined): boolean =>
    typeof statement === "string" ? statement.trimEnd().endsWith("}") : blockKinds.has(statement?.kind);
  return statements.filter((statement, i) => statement !== BLANK_LINE || !endsWithBlock(statements[i - 1]));
}
