import { encodeFrameInto, frame_header_bytes, record_magic } from "./frame.js";
import { wal_batch_bytes_max, wal_batch_initial_bytes } from "./limits.js";

/** How an awaited append learns its outcome (appends made with `appendDetached` have none). */
export interface Settlers {
  readonly resolve: (result: { seq: number }) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The frames of one future write, encoded straight into one growing buffer as appends arrive: no allocation or copy
 * per record beyond copying the payload in (which also frees the caller to reuse its buffer at once). The buffer
 * comes from the WAL's pool and goes back to it once the batch is written: a fresh 64 KiB per batch cost ~3 % of
 * the durable kernel benchmark in page faults (bench/durable/RESULTS.md).
 */
export class Batch {
  private bytes: Uint8Array;
  private used = 0;
  /** Seq of the first record; the batch holds firstSeq .. firstSeq + count - 1. */
  readonly firstSeq: number;
  /** Frame size of each record, in seq order (the offset index is built from them once written). */
  readonly frameBytes: number[] = [];
  /** Per record: its settlers, or null for a detached append. Empty while every append was detached. */
  private readonly settlers: (Settlers | null)[] = [];

  constructor(firstSeq: number, firstFrameBytes: number, recordsMax: number, spare: Uint8Array | undefined) {
    this.firstSeq = firstSeq;
    // A one-record batch (per-record fsync) gets exactly its frame; a group batch starts small and doubles.
    const wanted = recordsMax === 1 ? firstFrameBytes : Math.max(firstFrameBytes, wal_batch_initial_bytes);
    this.bytes = spare !== undefined && spare.length >= wanted ? spare : new Uint8Array(wanted);
  }

  get count(): number {
    return this.frameBytes.length;
  }

  /** Whether a frame of `frameBytes` may join (a first frame always may, whatever its size). */
  accepts(frameBytes: number, recordsMax: number): boolean {
    if (this.count === 0) return true;
    return this.count < recordsMax && this.used + frameBytes <= wal_batch_bytes_max;
  }

  /** Adds the next record's frame (its seq is firstSeq + count). */
  add(payload: Uint8Array, settlers: Settlers | null): void {
    const frameBytes = frame_header_bytes + payload.length;
    if (this.used + frameBytes > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + frameBytes));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    encodeFrameInto(this.bytes, this.used, record_magic, this.firstSeq + this.count, payload);
    this.used += frameBytes;
    if (settlers !== null) {
      while (this.settlers.length < this.count) this.settlers.push(null);
      this.settlers.push(settlers);
    }
    this.frameBytes.push(frameBytes);
  }

  /** The encoded frames, back to back, ready for one write. */
  frames(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }

  /** The buffer, for the next batch: call only once the write is over. Pooled only at the initial size. */
  releaseBuffer(): Uint8Array | undefined {
    return this.bytes.length === wal_batch_initial_bytes ? this.bytes : undefined;
  }

  resolveAll(): void {
    for (let i = 0; i < this.settlers.length; i++) this.settlers[i]?.resolve({ seq: this.firstSeq + i });
  }

  rejectAll(error: unknown): void {
    for (const settlers of this.settlers) settlers?.reject(error);
  }
}
