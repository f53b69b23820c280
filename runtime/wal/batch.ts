import { encodeFrameInto, frame_header_bytes, record_magic } from "./frame.js";
import { wal_batch_bytes_max, wal_batch_initial_bytes } from "./limits.js";

/** An append waiting for its batch to become durable. */
export interface Waiter {
  readonly seq: number;
  readonly frameBytes: number;
  readonly resolve: (result: { seq: number }) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The frames of one future write, encoded straight into one growing buffer as appends arrive: no allocation or copy
 * per record beyond copying the payload in (which also frees the caller to reuse its buffer at once).
 */
export class Batch {
  private bytes: Uint8Array;
  private used = 0;
  readonly waiters: Waiter[] = [];

  constructor(firstFrameBytes: number, recordsMax: number) {
    // A one-record batch (per-record fsync) gets exactly its frame; a group batch starts small and doubles.
    this.bytes = new Uint8Array(
      recordsMax === 1 ? firstFrameBytes : Math.max(firstFrameBytes, wal_batch_initial_bytes),
    );
  }

  /** Whether a frame of `frameBytes` may join (a first frame always may, whatever its size). */
  accepts(frameBytes: number, recordsMax: number): boolean {
    if (this.waiters.length === 0) return true;
    return this.waiters.length < recordsMax && this.used + frameBytes <= wal_batch_bytes_max;
  }

  add(seq: number, payload: Uint8Array, resolve: Waiter["resolve"], reject: Waiter["reject"]): void {
    const frameBytes = frame_header_bytes + payload.length;
    if (this.used + frameBytes > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + frameBytes));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    encodeFrameInto(this.bytes, this.used, record_magic, seq, payload);
    this.used += frameBytes;
    this.waiters.push({ seq, frameBytes, resolve, reject });
  }

  /** The encoded frames, back to back, ready for one write. */
  frames(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }
}
