// Folds: derived state computed from history (docs/folds.md).
export { FoldRunner } from "./runner.js";
export type { FoldableEntry, FoldRunnerOptions } from "./runner.js";
export { FoldError } from "./purity.js";
export type { FoldEvent, FoldReducer, FoldRegistration, FoldScope, FoldSpec } from "./spec.js";
export * from "./limits.js";
