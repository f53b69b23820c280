/**
 * ts-morph's `StructureKind` and `VariableDeclarationKind` values for the structures the emitters build, so that
 * building structures never loads ts-morph (only ts-morph's printer needs it). Values of ts-morph 28.0.0; a test
 * compares them with ts-morph's enums, so an upgrade that renumbers them fails loudly.
 */
import type { StructureKind, VariableDeclarationKind } from "ts-morph";

export const STRUCTURE_KIND = {
  ExportDeclaration: 11 as StructureKind.ExportDeclaration,
  Function: 13 as StructureKind.Function,
  ImportDeclaration: 16 as StructureKind.ImportDeclaration,
  ImportSpecifier: 17 as StructureKind.ImportSpecifier,
  Interface: 19 as StructureKind.Interface,
  PropertySignature: 33 as StructureKind.PropertySignature,
  SourceFile: 36 as StructureKind.SourceFile,
  TypeAlias: 38 as StructureKind.TypeAlias,
  VariableStatement: 41 as StructureKind.VariableStatement,
} as const;

export const DECLARATION_KIND = {
  Const: "const" as VariableDeclarationKind.Const,
} as const;
