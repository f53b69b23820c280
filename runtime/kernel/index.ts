// The kernel: one writer over the system graph, its overlays and their history.
export { Kernel } from "./kernel.js";
export type {
  ApplyResult,
  CollapseResult,
  DiscardResult,
  DurableLog,
  GraphInfo,
  KernelOptions,
  RewritePageRequest,
} from "./kernel.js";
export type { KernelOpenOptions } from "./open.js";
export { checkpointNow, checkpointsWritten, recoveryOf, walStatsOf } from "./open.js";
export type { KernelRecovery } from "./recover.js";
export { recoverKernel } from "./recover.js";
export { ReplayDivergence } from "./replay-divergence.js";
export { CheckpointError, decodeCheckpoint, encodeCheckpoint, checkpoint_version } from "./checkpoint.js";
export type { CheckpointCapture, RestoredState } from "./checkpoint.js";
export type { CollapseReceipt, HistoryEntry, HistoryEntryType, LogSink, Meta, Receipt } from "./history.js";
export type { Page, PageInfo, PageRequest } from "./paging.js";
export { CommandLoop, commitPhase } from "./command-loop.js";
export type { Command } from "./command-loop.js";
export * from "./limits.js";
