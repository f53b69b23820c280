// The kernel's history made durable: every entry goes to the WAL as its canonical bytes, seq = idx. Appends are
// issued in the commit phase (in idx order, without waiting), and `durable(idx)` is how a command becomes
// acknowledged: it resolves once the WAL's group commit has made the entry durable under the fsync policy.
//
// A failed append means the in-memory state is ahead of what a restart rebuilds, so the failure stops the kernel
// (every later command and every pending `durable` rejects with INTERNAL naming the WAL error).
import { KernelError, internalInvariant } from "../errors/index.js";
import type { Wal } from "../wal/index.js";
import { wal_pending_records_max } from "../wal/index.js";
import type { HistoryEntry } from "./history.js";
import type { DurableLog } from "./kernel.js";

interface Waiter {
  readonly idx: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Called after an entry is appended, with the idx: the checkpointer decides whether to capture the state. */
export type AfterAppend = (idx: number) => void;

export class WalDurableLog implements DurableLog {
  /** Entries below this idx are durable. */
  private durableEnd: number;
  private failure: KernelError | null = null;
  /** Sorted by idx (durable(idx) for an idx beyond the last waiter's is the common case: appended at the end). */
  private waiters: Waiter[] = [];

  constructor(
    private readonly wal: Wal,
    private readonly onFailure: (error: KernelError) => void,
    private readonly afterAppend: AfterAppend | null,
    /** Runs before the WAL closes (a checkpoint being written must finish first). */
    private readonly beforeClose: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.durableEnd = wal.durableNextSeq;
    wal.listen({
      durable: (durableNextSeq) => this.acknowledged(durableNextSeq),
      failed: (error) => this.failed(error),
    });
  }

  get durableNextIdx(): number {
    return this.durableEnd;
  }

  checkCapacity(): void {
    if (this.failure !== null) throw this.failure;
    const waiting = this.wal.nextSeq - this.wal.durableNextSeq;
    if (waiting >= wal_pending_records_max) {
      throw new KernelError(
        "CONFLICT",
        `${waiting} applied entries are waiting for fsync (wal_pending_records_max); await kernel.durable() before ` +
          `applying more`,
      );
    }
  }

  append(entry: HistoryEntry, encoded: Uint8Array): void {
    if (entry.idx !== this.wal.nextSeq) {
      throw internalInvariant(`history idx ${entry.idx} would get WAL seq ${this.wal.nextSeq}; they must be equal`);
    }
    // `encoded` lives in the history arena and is never overwritten; the WAL copies it into its batch at once.
    // Detached: the WAL reports durability per write to `acknowledged`, not with a promise per entry.
    const appended = this.wal.appendDetached(encoded);
    if (typeof appended !== "number") {
      // As a failed write would: the entry is applied but never durable; stop the kernel, reject every waiter.
      queueMicrotask(() => this.failed(appended));
      return;
    }
    this.afterAppend?.(entry.idx);
  }

  durable(idx: number): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (idx < this.durableEnd) return Promise.resolve();
    if (idx >= this.wal.nextSeq) {
      return Promise.reject(new KernelError("NOT_FOUND", `no history entry ${idx} has been applied yet`));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { idx, resolve, reject };
      const last = this.waiters[this.waiters.length - 1];
      if (last === undefined || last.idx <= idx) this.waiters.push(waiter);
      else {
        this.waiters.push(waiter);
        this.waiters.sort((a, b) => a.idx - b.idx);
      }
    });
  }

  async close(): Promise<void> {
    await this.beforeClose();
    await this.wal.close();
  }

  /** Entries below `durableNextIdx` are durable now (the WAL wrote one more batch). */
  private acknowledged(durableNextIdx: number): void {
    if (durableNextIdx <= this.durableEnd) {
      this.failed(internalInvariant(`WAL durable end went from ${this.durableEnd} to ${durableNextIdx}`));
      return;
    }
    this.durableEnd = durableNextIdx;
    let done = 0;
    while (done < this.waiters.length && this.waiters[done]!.idx < durableNextIdx) done++;
    if (done === 0) return;
    const ready = this.waiters.slice(0, done);
    this.waiters = this.waiters.slice(done);
    for (const waiter of ready) waiter.resolve();
  }

  private failed(error: unknown): void {
    if (this.failure !== null) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.failure = new KernelError(
      "INTERNAL",
      `the write-ahead log failed, so applied history is not durable (${reason}); the kernel accepts no more ` +
        `commands. Fix the cause, then restart it from its data directory: acknowledged history is kept.`,
    );
    this.onFailure(this.failure);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(this.failure);
  }
}
