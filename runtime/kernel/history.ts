// The history: one entry per applied command, contiguous idx from 0. Each entry is plain canonical data; it is
// encoded once, kept as those bytes (about 5x smaller than the objects) and handed to the log sink as the same
// bytes, so the WAL (issue 4) persists exactly what the kernel hashed and pages back out.
import { decodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import type { CollapseChanges, CollapseConflict } from "../collapse/index.js";
import type { DenialRecord } from "../policy/kernel-policy.js";
import { KernelError, internalInvariant } from "../errors/index.js";
import type { ViewName } from "../sws/view.js";
import { encodeEntry } from "./entry-encoding.js";
import { entryTypeAndView } from "./entry-view.js";
import { history_memory_bytes_max } from "./limits.js";

export interface Receipt {
  readonly rewriteIdx: number;
  readonly view: ViewName;
  /** Digest of the view after the entry was applied. */
  readonly viewDigest: string;
}

export type Meta = { readonly [key: string]: CanonicalValue };

/**
 * The receipt of a collapse: a commit record in history. `view` is "system" and `viewDigest` the system digest
 * after the entry (unchanged when `committed` is false).
 */
export interface CollapseReceipt extends Receipt {
  readonly committed: boolean;
  /** Digest of the system snapshot the overlay was opened on. */
  readonly baseDigest: string;
  /** Digest of the overlay at the collapse (what was merged, or would have been). */
  readonly overlayDigest: string;
  /** Rewrites and ops applied to the overlay (merged when committed; 0 otherwise). */
  readonly rewritesMerged: number;
  readonly opsMerged: number;
  readonly changes: CollapseChanges;
}

/**
 * A history entry is a tagged union on `type`. To add a kind (e.g. a policy denial): add a member here with
 * `idx`, `type`, `view`, `meta` and `receipt`, a handler in Kernel.handle, and a case in `commandOf` (kernel.ts) so
 * replay can run it again; the WAL, checkpoints and `jitosctl replay` carry any member unchanged.
 */
export type HistoryEntry =
  | {
      readonly idx: number;
      readonly type: "rewrite";
      readonly view: ViewName;
      /** The ops as validated and normalized (typed inputs with defaults filled in). */
      readonly ops: readonly CanonicalValue[];
      readonly meta: Meta;
      readonly receipt: Receipt;
    }
  | {
      readonly idx: number;
      readonly type: "sws.create";
      readonly view: ViewName;
      /** The snapshot the overlay reads through. */
      readonly base: { readonly view: "system"; readonly digest: string };
      readonly meta: Meta;
      readonly receipt: Receipt;
    }
  | {
      readonly idx: number;
      readonly type: "sws.discard";
      readonly view: ViewName;
      readonly meta: Meta;
      readonly receipt: Receipt;
    }
  | {
      readonly idx: number;
      readonly type: "sws.collapse";
      /** The overlay collapsed; the entry is also listed under the "system" view. */
      readonly view: ViewName;
      readonly meta: Meta;
      readonly committed: boolean;
      /** All conflicts found (0 when committed); `conflicts` lists the first collapse_conflicts_listed_max. */
      readonly conflictCount: number;
      readonly conflicts: readonly CollapseConflict[];
      readonly receipt: CollapseReceipt;
    }
  | ({
      readonly idx: number;
      /** A rewrite the policy refused (runtime/policy): who, what, which rule. The view is unchanged. */
      readonly type: "policy.deny";
      readonly view: ViewName;
      readonly meta: Meta;
      readonly receipt: Receipt;
    } & DenialRecord);

export type HistoryEntryType = HistoryEntry["type"];

/**
 * Where applied entries go, in idx order, after the state has changed and before the caller gets its receipt.
 * `encoded` is the entry's canonical CBOR and stays valid (the kernel never overwrites it). A sink that throws
 * stops the kernel: the state has moved past what the log holds (docs/adr/0024-single-writer-and-history.md).
 */
export interface LogSink {
  append(entry: HistoryEntry, encoded: Uint8Array): void;
}

/**
 * Entries kept outside memory and read on demand: a durable kernel's history below its checkpoint, read back from
 * the WAL (docs/adr/0068-lazy-history-below-checkpoint.md). `encoded` returns the logged bytes, verified.
 */
export interface StoredEntries {
  readonly length: number;
  encoded(idx: number): Uint8Array;
}

/** Bytes per arena chunk; an entry larger than this gets a chunk of its own. */
const arena_chunk_bytes = 8 * 1024 * 1024;

export class History {
  /** Entries below `storedEnd` are read from here on demand; the arena holds the ones after them. */
  private stored: StoredEntries | null = null;
  private storedEnd = 0;
  private readonly chunks: Uint8Array[] = [];
  private chunkUsed = 0;
  private totalBytes = 0;
  private readonly chunkOf: number[] = [];
  private readonly offsetOf: number[] = [];
  private readonly lengthOf: number[] = [];
  /** idx lists per view, ascending, for paging one view's history without a scan. */
  private readonly byView = new Map<string, number[]>();
  /** The list `byView` holds for `lastView`: consecutive entries are mostly of one view. */
  private lastView: string | null = null;
  private lastViewList: number[] = [];
  /** Entries below this idx were attached as stored entries and are not in `byView` yet. */
  private unindexedEnd = 0;

  get length(): number {
    return this.storedEnd + this.chunkOf.length;
  }

  checkCapacity(): void {
    if (this.totalBytes >= history_memory_bytes_max) {
      throw new KernelError(
        "CONFLICT",
        `the in-memory history is full (${history_memory_bytes_max} bytes, history_memory_bytes_max); ` +
          `open the kernel with a data directory so history lives in the WAL`,
      );
    }
  }

  /**
   * Encodes and stores `entry` (a rewrite's ops from their bytes when given); `encoded(entry.idx)` reads the stored
   * bytes back. Nothing is returned: a view over them is an allocation that a kernel without a log never uses.
   */
  append(entry: HistoryEntry, opBytes: Uint8Array | null = null): void {
    if (entry.idx !== this.length) throw internalInvariant(`history entry idx ${entry.idx}, expected ${this.length}`);
    this.store(encodeEntry(entry, opBytes));
    this.index(entry, entry.idx);
  }

  /** Makes `entries` the first entries of an empty history, read on demand; indexed by view lazily, as below. */
  attachStored(entries: StoredEntries): void {
    if (this.length !== 0) throw internalInvariant("stored entries may only be attached to an empty history");
    this.stored = entries;
    this.storedEnd = entries.length;
    this.unindexedEnd = entries.length;
  }

  private index(entry: { readonly type: string; readonly view: string }, idx: number): void {
    this.indexView(entry.view, idx);
    if (entry.type === "sws.collapse") this.indexView("system", idx);
  }

  private indexView(view: string, idx: number): void {
    if (view === this.lastView) {
      this.lastViewList.push(idx);
      return;
    }
    let list = this.byView.get(view);
    if (list === undefined) this.byView.set(view, (list = []));
    list.push(idx);
    this.lastView = view;
    this.lastViewList = list;
  }

  /** Indexes the stored entries (a prefix of the history) on the first read that filters by view. */
  private indexLoaded(): void {
    if (this.unindexedEnd === 0) return;
    const lists = [...this.byView.entries()];
    this.byView.clear();
    this.lastView = null;
    for (let idx = 0; idx < this.unindexedEnd; idx++) {
      // Two short strings per entry rather than the whole entry (a restart may have a million to index).
      this.index(entryTypeAndView(this.encoded(idx)) ?? this.entry(idx), idx);
    }
    for (const [view, list] of lists) for (const idx of list) this.indexView(view, idx);
    this.unindexedEnd = 0;
  }

  private store(bytes: Uint8Array): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.chunkUsed + bytes.length > chunk.length) {
      chunk = new Uint8Array(Math.max(arena_chunk_bytes, bytes.length));
      this.chunks.push(chunk);
      this.chunkUsed = 0;
    }
    chunk.set(bytes, this.chunkUsed);
    this.chunkOf.push(this.chunks.length - 1);
    this.offsetOf.push(this.chunkUsed);
    this.lengthOf.push(bytes.length);
    this.chunkUsed += bytes.length;
    this.totalBytes += bytes.length;
  }

  encoded(idx: number): Uint8Array {
    if (idx < this.storedEnd) return this.stored!.encoded(idx);
    const local = idx - this.storedEnd;
    const chunk = this.chunks[this.chunkOf[local]!]!;
    const offset = this.offsetOf[local]!;
    return chunk.subarray(offset, offset + this.lengthOf[local]!);
  }

  entry(idx: number): HistoryEntry {
    return decodeCanonical(this.encoded(idx)) as unknown as HistoryEntry;
  }

  /** Up to `limit` idx values > after, ascending; restricted to one view when `view` is given. */
  idxAfter(after: number, limit: number, view: string | null): number[] {
    if (view === null) {
      const out: number[] = [];
      for (let idx = after + 1; idx < this.length && out.length < limit; idx++) out.push(idx);
      return out;
    }
    this.indexLoaded();
    const list = this.byView.get(view) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return list.slice(lo, lo + limit);
  }
}
