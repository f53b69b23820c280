import type { SourceLocation } from "../ir/types.js";
import type { DiagnosticCode } from "./codes.js";

export type { SourceLocation };

/** One problem found in the input: what is wrong, where, and what to do about it. */
export interface Diagnostic {
  /**
   * Stable identifier (e.g. "WESLEY_DUPLICATE_FIELD"); tests, docs and tools key on it, never on the message.
   * The front end's codes are listed in DIAGNOSTIC_CODES; other stages may add their own.
   */
  code: string;
  severity: "error" | "warning";
  message: string;
  /** What to do about it, for a person. */
  hint?: string;
  location?: SourceLocation;
}

export function error(code: DiagnosticCode, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return withOptional({ code, severity: "error", message }, location, hint);
}

export function warning(code: DiagnosticCode, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return withOptional({ code, severity: "warning", message }, location, hint);
}

function withOptional(d: Diagnostic, location: SourceLocation | undefined, hint: string | undefined): Diagnostic {
  if (location !== undefined) d.location = location;
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 * Orders diagnostics by file, line, column, code, then message, so output never depends on the order in which
 * files were read or rules ran. Unlocated diagnostics (nothing to point at) come first.
 */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (la === undefined || lb === undefined) {
    if (la !== lb) return la === undefined ? -1 : 1;
  } else {
    const byPlace = compareStrings(la.file, lb.file) || la.line - lb.line || la.column - lb.column;
    if (byPlace !== 0) return byPlace;
  }
  return compareStrings(a.code, b.code) || compareStrings(a.message, b.message);
}

/** Code-unit order: the same on every machine and locale (never localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown by steps whose natural result is a value (e.g. a file list) when the input is wrong. */
export class DiagnosticsError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => (d.location ? `${formatLocation(d.location)}: ` : "") + d.message).join("\n"));
    this.name = "DiagnosticsError";
    this.diagnostics = diagnostics;
  }
}
