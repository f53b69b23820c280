// The kernel: one writer over the system graph, its overlays and their history.
export { Kernel } from "./kernel.js";
export type { ApplyResult, GraphInfo, KernelOptions, RewritePageRequest } from "./kernel.js";
export type { HistoryEntry, LogSink, Meta, Receipt } from "./history.js";
export type { Page, PageInfo, PageRequest } from "./paging.js";
export { CommandLoop, commitPhase } from "./command-loop.js";
export type { Command } from "./command-loop.js";
export * from "./limits.js";
