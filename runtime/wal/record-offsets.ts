/** Records before the first growth (a fresh log stays small; a 1M-record log doubles ~8 times while scanned). */
const record_offsets_initial_capacity = 4096;

/**
 * The file offset of every record in the log, by position (seq - baseSeq): 8 bytes per record, filled by the open
 * scan and by every durable batch. Replay starts at any seq without a rescan, and a single record can be read back
 * on demand (history below a checkpoint is not kept in memory: docs/adr/0068-lazy-history-below-checkpoint.md).
 */
export class RecordOffsets {
  /** Doubles when full; offsets are exact as doubles (files far below 2^53 bytes). */
  private offsets = new Float64Array(record_offsets_initial_capacity);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(offset: number): void {
    if (this.count === this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.count++] = offset;
  }

  /** Offset of the record at `position` (0-based from the log's first record); the caller checks the range. */
  at(position: number): number {
    return this.offsets[position]!;
  }
}
