// Kernel.open: a kernel whose history lives in a write-ahead log in a data directory (docs/wal.md, ADR 0064).
import type { DomainSpec } from "../domain/spec.js";
import { KernelError } from "../errors/index.js";
import type { FileSystem } from "../storage/index.js";
import { Wal } from "../wal/index.js";
import type { FsyncPolicy } from "../wal/index.js";
import { Checkpointer } from "./checkpointer.js";
import { WalDurableLog } from "./durable-log.js";
import { Kernel } from "./kernel.js";
import type { KernelOptions } from "./kernel.js";
import { checkpoint_interval_records_default } from "./limits.js";
import { recoverKernel } from "./recover.js";
import type { KernelRecovery } from "./recover.js";

export interface KernelOpenOptions {
  /** Data directory (created if missing); one process owns it at a time. */
  readonly dataDir: string;
  /** The generated domain (`generated/domain.ts`), or pass the generated module as `generated`. */
  readonly domain?: DomainSpec;
  /** The generated package (`import * as generated from "./generated/index.js"`); its `domain` is used. */
  readonly generated?: { readonly domain: DomainSpec };
  /** When a command counts as durable: "group" (default), "per-record", or "off" (tests only). */
  readonly fsync?: FsyncPolicy;
  /** Write a checkpoint after every this many entries; 0 never. Default checkpoint_interval_records_default. */
  readonly checkpointEveryRecords?: number;
  /** Recovery and checkpoint warnings (torn tail truncated, checkpoint skipped). Default: stderr. */
  readonly onWarning?: (message: string) => void;
  /** File-system seam for fault-injection tests. */
  readonly fileSystem?: FileSystem;
  /** WAL preallocation step in bytes (docs/wal.md). */
  readonly preallocateBytes?: number;
  /** Overlap each group-commit write with the other half of the clients' work (ADR 0074); default false. */
  readonly overlapWrites?: boolean;
  /** Folds and policy, as for Kernel.create (docs/folds.md, docs/policy.md). */
  readonly folds?: KernelOptions["folds"];
  readonly policy?: KernelOptions["policy"];
  readonly development?: boolean;
}

/** What `Kernel.open` found, and its checkpointer, per durable kernel (kept off the Kernel class's API). */
const opened = new WeakMap<
  Kernel,
  { readonly recovery: KernelRecovery; readonly checkpointer: Checkpointer; readonly wal: Wal }
>();

/** How a durable kernel was rebuilt at open (checkpoint used, entries loaded and replayed); undefined in memory. */
export function recoveryOf(kernel: Kernel): KernelRecovery | undefined {
  return opened.get(kernel)?.recovery;
}

/**
 * Writes a checkpoint of a durable kernel's current state now (operators before a planned restart, benchmarks);
 * resolves with the idx it covers up to (exclusive). In-memory kernels have nothing to write: INVALID_INPUT.
 */
export function checkpointNow(kernel: Kernel): Promise<number> {
  const entry = opened.get(kernel);
  if (entry === undefined) {
    return Promise.reject(new KernelError("INVALID_INPUT", "checkpointNow needs a kernel opened with Kernel.open"));
  }
  return entry.checkpointer.now();
}

/** Group-commit counters of a durable kernel's WAL since open (records per fsync = recordsWritten / batchesWritten). */
export function walStatsOf(
  kernel: Kernel,
): { readonly batchesWritten: number; readonly recordsWritten: number } | undefined {
  return opened.get(kernel)?.wal.stats;
}

/** Resolves once no checkpoint of a durable kernel is being written (at once for an in-memory kernel). */
export async function checkpointSettled(kernel: Kernel): Promise<void> {
  await opened.get(kernel)?.checkpointer.settle();
}

/** Checkpoints a durable kernel has written since it was opened (0 for an in-memory kernel). */
export function checkpointsWritten(kernel: Kernel): number {
  return opened.get(kernel)?.checkpointer.written ?? 0;
}

export function domainOf(options: {
  readonly domain?: DomainSpec;
  readonly generated?: { readonly domain: DomainSpec };
}): DomainSpec {
  const domain = options.domain ?? options.generated?.domain;
  if (domain === undefined) {
    throw new KernelError("INVALID_INPUT", "Kernel.open needs the generated domain: pass { domain } or { generated }");
  }
  return domain;
}

export async function openKernel(options: KernelOpenOptions): Promise<Kernel> {
  const domain = domainOf(options);
  const every = options.checkpointEveryRecords ?? checkpoint_interval_records_default;
  if (!Number.isSafeInteger(every) || every < 0) {
    throw new KernelError("INVALID_INPUT", `checkpointEveryRecords must be a whole number >= 0, got ${every}`);
  }
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`jitos: warning: ${message}\n`));
  const wal = await Wal.open({
    dir: options.dataDir,
    schemaHash: domain.schemaHash,
    registryHash: domain.registryHash,
    ...(options.fsync !== undefined && { fsync: options.fsync }),
    ...(options.fileSystem !== undefined && { fileSystem: options.fileSystem }),
    ...(options.preallocateBytes !== undefined && { preallocateBytes: options.preallocateBytes }),
    ...(options.overlapWrites !== undefined && { overlapWrites: options.overlapWrites }),
    onWarning: warn,
  });
  try {
    const kernel = Kernel.create({
      domain,
      ...(options.folds === undefined ? {} : { folds: options.folds }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.development === undefined ? {} : { development: options.development }),
    });
    const recovery = await recoverKernel(kernel, wal, { useCheckpoint: true, warn });
    const checkpointer = new Checkpointer(kernel, wal, every, warn);
    const log = new WalDurableLog(
      wal,
      (error) => kernel.stop(error),
      (idx) => checkpointer.afterAppend(idx),
      () => checkpointer.settle(),
    );
    kernel.attachDurableLog(log);
    opened.set(kernel, { recovery, checkpointer, wal });
    return kernel;
  } catch (error) {
    await wal.close();
    throw error;
  }
}
