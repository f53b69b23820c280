export type { Diagnostic, SourceLocation } from "./diagnostic.js";
export { DiagnosticsError, error, warning, hasErrors, sortDiagnostics, formatLocation, compareStrings } from "./diagnostic.js";
export { DIAGNOSTIC_CODES } from "./codes.js";
export type { DiagnosticCode } from "./codes.js";
export { formatDiagnostics } from "./format.js";
export { didYouMean, suggestNames } from "./suggest.js";
