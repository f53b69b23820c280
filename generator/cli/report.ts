import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatDiagnostics } from "../diagnostics/index.js";
import type { OutputDifference } from "../output/compare.js";
import type { Diagnostic } from "../output/generator-ports.js";
import { wantsColor } from "./terminal.js";
import type { Terminal } from "./terminal.js";

/** Prints diagnostics with code frames to stderr; colour only where `wantsColor` allows. */
export function printDiagnostics(terminal: Terminal, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const readSource = (file: string): string | undefined => {
    try {
      return readFileSync(resolve(terminal.cwd, file), "utf8");
    } catch {
      return undefined;
    }
  };
  const text = formatDiagnostics(diagnostics, readSource, { color: wantsColor(terminal, terminal.stderr) });
  terminal.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** "3 errors in 2 files", "1 error", "2 errors and 1 warning in 1 file". */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.length - errors.length;
  const files = new Set(errors.flatMap((d) => (d.location === undefined ? [] : [d.location.file]))).size;
  const parts = [plural(errors.length, "error")];
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  return `${parts.join(" and ")}${files > 0 ? ` in ${plural(files, "file")}` : ""}`;
}

/** One line per differing file, in the order missing, stale, extra, so a CI log names exactly what to regenerate. */
export function describeDifference(shownOutDir: string, difference: OutputDifference): string[] {
  return [
    ...difference.missing.map((path) => `  missing  ${shownOutDir}/${path}`),
    ...difference.stale.map((path) => `  stale    ${shownOutDir}/${path}`),
    ...difference.extra.map((path) => `  extra    ${shownOutDir}/${path}`),
  ];
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Milliseconds as shown in status lines: whole numbers, no locale formatting. */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** The schema hash as shown to people: its first 8 hex characters, like a short git commit id. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
