// The kernel the daemon serves, and the two things the server needs beyond its API: when a command is durable
// (acknowledge only then), and how to release the data directory at shutdown.
import type { DomainSpec } from "../../domain/spec.js";
import { Kernel } from "../../kernel/index.js";

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
  readonly fsync?: "group" | "per-record" | "off";
  readonly onWarning?: (message: string) => void;
}

/** The durable-kernel API of issue 4 (Kernel.open, durable, close), seen structurally. */
interface DurableKernelApi {
  open?: (options: {
    dataDir: string;
    domain: DomainSpec;
    fsync?: "group" | "per-record" | "off";
    onWarning?: (message: string) => void;
  }) => Promise<Kernel>;
}
interface DurableKernelInstance {
  durable?: (idx?: number) => Promise<void>;
  close?: () => Promise<void>;
}

export class KernelUnavailableError extends Error {
  override readonly name = "KernelUnavailableError";
}

export async function openKernelHost(options: KernelHostOptions): Promise<KernelHost> {
  if (options.dataDir === null) return hostOf(Kernel.create({ domain: options.domain }), false);
  const open = (Kernel as unknown as DurableKernelApi).open;
  if (open === undefined) {
    throw new KernelUnavailableError(
      "this build's kernel has no Kernel.open (durable kernels arrive with issue 4); run with --in-memory to serve a kernel that keeps nothing",
    );
  }
  const kernel = await open.call(Kernel, {
    dataDir: options.dataDir,
    domain: options.domain,
    ...(options.fsync !== undefined && { fsync: options.fsync }),
    ...(options.onWarning !== undefined && { onWarning: options.onWarning }),
  });
  return hostOf(kernel, true);
}

function hostOf(kernel: Kernel, durable: boolean): KernelHost {
  const instance = kernel as unknown as DurableKernelInstance;
  return {
    kernel,
    durable,
    acknowledge: (idx) => (instance.durable === undefined ? Promise.resolve() : instance.durable.call(kernel, idx)),
    close: () => (instance.close === undefined ? Promise.resolve() : instance.close.call(kernel)),
  };
}
