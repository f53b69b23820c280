// Writes a checkpoint every N history entries, so a restart replays at most about N entries. The state is
// captured synchronously right after entry idx (O(overlays): snapshots are persistent), and written once that
// entry is durable (a checkpoint must never cover history the log could lose). One write at a time: if one is
// still running when the next is due, the next is skipped; the one after catches up.
import type { Wal } from "../wal/index.js";
import { encodeCheckpoint } from "./checkpoint.js";
import type { Kernel } from "./kernel.js";

export class Checkpointer {
  private writing: Promise<void> | null = null;
  /** Checkpoints written since open (tests and the benchmark read it). */
  written = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly wal: Wal,
    private readonly everyRecords: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** Called in the commit phase of entry `idx`, after the state changed and the WAL append was issued. */
  afterAppend(idx: number): void {
    if (this.everyRecords <= 0 || (idx + 1) % this.everyRecords !== 0 || this.writing !== null) return;
    const capture = this.kernel.captureCheckpoint();
    this.writing = this.kernel
      .durable(idx)
      .then(async () => {
        await this.wal.writeSnapshot(capture.nextIdx, await encodeCheckpoint(capture));
        this.written++;
      })
      .catch((error: unknown) => {
        // The log is the truth; a missing checkpoint only makes the next restart slower.
        this.warn(
          `checkpoint at idx ${capture.nextIdx} not written: ${error instanceof Error ? error.message : error}`,
        );
      })
      .finally(() => {
        this.writing = null;
      });
  }

  /**
   * Writes a checkpoint of the state after the last applied entry now (after it is durable), whatever the
   * interval; waits for one being written first. Returns the idx it covers up to (exclusive).
   */
  async now(): Promise<number> {
    await this.writing;
    const capture = this.kernel.captureCheckpoint();
    await this.kernel.durable(capture.nextIdx - 1);
    await this.wal.writeSnapshot(capture.nextIdx, await encodeCheckpoint(capture));
    this.written++;
    return capture.nextIdx;
  }

  /** Waits for a checkpoint being written (before closing the WAL). */
  async settle(): Promise<void> {
    await this.writing;
  }
}
