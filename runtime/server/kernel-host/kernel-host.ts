// The kernel the daemon serves, and the two things the server needs beyond its API: when a command is durable
// (acknowledge only then), and how to release the data directory at shutdown.
import type { DomainSpec } from "../../domain/spec.js";
import type { FoldRegistration } from "../../fold/index.js";
import { Kernel } from "../../kernel/index.js";
import type { PolicyEngine } from "../../policy/index.js";
import type { FsyncPolicy } from "../../wal/index.js";
import { dataDirError } from "./data-dir-error.js";

export interface KernelHost {
  readonly kernel: Kernel;
  /** True when acknowledge() waits for the write-ahead log. */
  readonly durable: boolean;
  /** Resolves once history entries up to `idx` are durable; rejects if the log failed (the kernel has stopped). */
  acknowledge(idx: number): Promise<void>;
  /** Flushes the log and releases the data directory. */
  close(): Promise<void>;
}

export interface KernelHostOptions {
  readonly domain: DomainSpec;
  /** The data directory; null for an in-memory kernel (tests and benchmarks only). */
  readonly dataDir: string | null;
  /** The WAL fsync policy (docs/wal.md); the kernel's default (group commit) when absent. */
  readonly fsync?: FsyncPolicy;
  readonly onWarning?: (message: string) => void;
  /** Folds that derive fields from history (generated/bindings.ts). */
  readonly folds?: readonly FoldRegistration[];
  /** Checked by the kernel before every rewrite; denials are history entries (docs/policy.md). */
  readonly policy?: PolicyEngine;
}

export async function openKernelHost(options: KernelHostOptions): Promise<KernelHost> {
  const common = {
    domain: options.domain,
    ...(options.folds !== undefined && { folds: options.folds }),
    ...(options.policy !== undefined && { policy: options.policy }),
  };
  const kernel =
    options.dataDir === null
      ? Kernel.create(common)
      : await Kernel.open({
          ...common,
          dataDir: options.dataDir,
          ...(options.fsync !== undefined && { fsync: options.fsync }),
          ...(options.onWarning !== undefined && { onWarning: options.onWarning }),
        }).catch((error: unknown) => {
          throw dataDirError(options.dataDir ?? "", error);
        });
  return {
    kernel,
    durable: options.dataDir !== null && options.fsync !== "off",
    acknowledge: (idx) => kernel.durable(idx),
    close: () => kernel.close(),
  };
}
