import { join, resolve } from "node:path";
import type { FileHandle, FileSystem } from "../storage/index.js";
import { NodeFileSystem, hasErrorCode, readFully, writeFully } from "../storage/index.js";
import { WalError } from "./errors.js";
import { FrameScanner } from "./frame-scanner.js";
import { Batch } from "./batch.js";
import type { Settlers } from "./batch.js";
import { frame_header_bytes } from "./frame.js";
import { decodeHeader, encodeHeader, header_fixed_bytes, headerPayloadBytes } from "./header.js";
import { DirectoryLock } from "./directory-lock.js";
import {
  wal_batch_buffers_pooled,
  wal_cut_burst_to_write_min,
  wal_gather_after_slow_writes,
  wal_batch_records_max,
  wal_pending_records_max,
  wal_record_payload_bytes_max,
  wal_preallocate_bytes,
  wal_preallocate_bytes_max,
  wal_replay_batch_records,
  wal_seq_max,
  wal_zero_fill_chunk_bytes,
} from "./limits.js";
import type { RecordOffsets } from "./record-offsets.js";
import { RecordReader } from "./record-reader.js";
import type { RecoveryReport } from "./recovery.js";
import { scanLog } from "./recovery.js";
import type { Snapshot, SnapshotFile } from "./snapshot-store.js";
import { SnapshotStore } from "./snapshot-store.js";

export const log_file_name = "wal.log";

/**
 * When an append counts as durable (docs/wal.md):
 *  - "group" (default): records that arrive while a write+fsync runs are written and fsynced together right after it;
 *  - "per-record": one write+fsync per record;
 *  - "off": written to the OS but never fsynced; a power loss can lose acknowledged records. Tests only.
 */
export type FsyncPolicy = "group" | "per-record" | "off";
const fsync_policies: readonly FsyncPolicy[] = ["group", "per-record", "off"];

export interface WalOpenOptions {
  /** Data directory; created if missing. */
  readonly dir: string;
  /** Schema hash of the generated code (64 lowercase hex); pinned in the header, checked on every open. */
  readonly schemaHash: string;
  /** Registry hash of the generated code (64 lowercase hex); pinned in the header, checked on every open. */
  readonly registryHash: string;
  readonly fsync?: FsyncPolicy;
  /** The file-system seam; tests pass a FaultyFileSystem. */
  readonly fileSystem?: FileSystem;
  /** Bytes the file grows by ahead of the log (zero-filled); 0 grows it with each write. Default wal_preallocate_bytes. */
  readonly preallocateBytes?: number;
  /** Receives recovery warnings (a truncated torn tail, a stale lock, a skipped snapshot). Default: stderr. */
  readonly onWarning?: (message: string) => void;
  /**
   * Open for reading only (verification tools): the log must exist, a torn tail is reported but not truncated,
   * nothing is written to the log or snapshots, and `append` is refused. The lock is still taken, so a reader never
   * sees a writer's half-written batch.
   */
  readonly readOnly?: boolean;
  /**
   * Group commit cuts a burst's batch in half so each write overlaps the other half's work (ADR 0074). Default
   * false: on this project's shared 2-core VM it measured neutral (the extra write's CPU ate the hidden wait) while
   * doubling the writes; turn it on where a quiet A/B shows a gain.
   */
  readonly overlapWrites?: boolean;
}

export interface WalRecord {
  readonly seq: number;
  /**
   * The record's bytes. When read back, a view into a read buffer of up to wal_scan_chunk_bytes shared with nearby
   * records (no copy per record): treat it as read-only, and `slice()` it to keep it long after replay.
   */
  readonly payload: Uint8Array;
}

/** Monotonic milliseconds, bound once (fold purity checks replace `performance.now` while a fold runs). */
const monotonicMs = performance.now.bind(performance);

/** Durable progress of `appendDetached` records (see `Wal.listen`). */
export interface WalListener {
  /** Records with seq below `durableNextSeq` are durable under the fsync policy. Called after each write. */
  durable(durableNextSeq: number): void;
  /** The log failed (WAL_POISONED): records not yet reported durable never will be. Called once. */
  failed(error: WalError): void;
}

const hash_pattern = /^[0-9a-f]{64}$/;

/**
 * A durable, append-only log of opaque records with contiguous sequence numbers. One writer per data directory.
 * See docs/wal.md for the file format, the fsync policies and what each failure does.
 */
export class Wal {
  /** Seq the next `append` gets. */
  private assignedSeqEnd: number;
  /** Records below this seq are written and (policy permitting) fsynced. */
  private durableSeqEnd: number;
  /** File offset just past the last durable record. */
  private durableEndOffset: number;
  /** File size: the log's bytes, then zero-filled preallocated space. */
  private allocatedEndOffset: number;
  /** File offset of every durable record, by seq - baseSeq. */
  private readonly offsets: RecordOffsets;
  private readonly reader: RecordReader;
  /** Batches waiting to be written, oldest first; appends join the last one while it has room. */
  private queued: Batch[] = [];
  private queuedRecords = 0;
  /** The write loop (`drain`) while it runs; undefined while the disk is idle. */
  private flushing: Promise<void> | undefined;
  /** A gathering turn (setImmediate) is scheduled to start the write loop. */
  private gatherScheduled = false;
  /**
   * When > 0, the forming batch is written as soon as it holds this many records instead of at the next turn:
   * half of the batch just acknowledged, so the disk writes one half while the other half's appenders still run
   * (see `drain`; docs/adr/0074-pipelined-group-commit.md).
   */
  private cutAtRecords = 0;
  /**
   * Timing for the cut (monotonic ms; it decides only where batches split, never what is written). The cut pays
   * when a write is shorter than the burst of appends it overlaps; when the disk is the slower side, two writes
   * per burst cost more than one, and the loop gathers whole bursts again.
   */
  private lastAckMs = 0;
  private lastBurstMs = 0;
  private lastEnqueueMs = 0;
  /** Writes in a row, while overlapping, that found the queued half complete long before they finished. */
  private slowWritesInRow = 0;
  /** Batch buffers of the initial size, reused (wal_batch_buffers_pooled at most). */
  private readonly spareBuffers: Uint8Array[] = [];
  /** Told when the durable end advances, and once when the log fails (appendDetached's acknowledgements). */
  private listener: WalListener | null = null;
  /** Set by the first failed write or fsync; from then on every append rejects with it. */
  private poison: WalError | undefined;
  private closed = false;
  private batchesWritten = 0;
  private recordsWritten = 0;

  private constructor(
    readonly dir: string,
    readonly logPath: string,
    readonly fsyncPolicy: FsyncPolicy,
    /** What open found and repaired. */
    readonly recovery: RecoveryReport,
    offsets: RecordOffsets,
    allocatedEndOffset: number,
    private readonly preallocateBytes: number,
    private readonly handle: FileHandle,
    private readonly lock: DirectoryLock,
    private readonly snapshots: SnapshotStore,
    /** Opened with `readOnly`: appends and snapshot writes are refused. */
    readonly readOnly: boolean,
    private readonly overlapWrites: boolean,
  ) {
    this.assignedSeqEnd = recovery.nextSeq;
    this.durableSeqEnd = recovery.nextSeq;
    this.durableEndOffset = recovery.endOffset;
    this.offsets = offsets;
    this.reader = new RecordReader(handle, logPath);
    this.allocatedEndOffset = allocatedEndOffset;
  }

  static async open(options: WalOpenOptions): Promise<Wal> {
    const dir = resolve(options.dir);
    const fs = options.fileSystem ?? new NodeFileSystem();
    const warn = options.onWarning ?? ((message: string) => process.stderr.write(`wal: warning: ${message}\n`));
    const fsyncPolicy = options.fsync ?? "group";
    for (const [name, value] of [
      ["schemaHash", options.schemaHash],
      ["registryHash", options.registryHash],
    ] as const) {
      if (!hash_pattern.test(value)) {
        throw new WalError(
          "WAL_INVALID_ARGUMENT",
          `Wal.open: ${name} must be 64 lowercase hex characters, got ${JSON.stringify(value)}`,
        );
      }
    }
    if (!fsync_policies.includes(fsyncPolicy)) {
      throw new WalError(
        "WAL_INVALID_ARGUMENT",
        `Wal.open: fsync must be one of ${fsync_policies.join(", ")}, got ${JSON.stringify(fsyncPolicy)}`,
      );
    }
    const preallocateBytes = options.preallocateBytes ?? wal_preallocate_bytes;
    if (
      !Number.isSafeInteger(preallocateBytes) ||
      preallocateBytes < 0 ||
      preallocateBytes > wal_preallocate_bytes_max
    ) {
      throw new WalError(
        "WAL_INVALID_ARGUMENT",
        `Wal.open: preallocateBytes must be an integer in 0..${wal_preallocate_bytes_max}, got ${preallocateBytes}`,
      );
    }
    const readOnly = options.readOnly === true;
    const logPath = join(dir, log_file_name);
    if (readOnly && !(await fs.exists(logPath))) {
      throw new WalError("WAL_NOT_FOUND", `no write-ahead log at ${logPath}; is ${dir} a data directory?`, logPath);
    }
    await fs.mkdirp(dir);
    const lock = await DirectoryLock.acquire(fs, dir, warn);
    let handle: FileHandle | undefined;
    try {
      if (!(await fs.exists(logPath))) await createLogFile(fs, dir, logPath, options);
      // Durable policies write with O_DSYNC: one syscall (and one thread-pool hop) per batch instead of write +
      // fdatasync, measured ~100 us less per batch here (docs/adr/0063-wal-durability-policy.md).
      handle = await fs.open(logPath, readOnly ? "read" : fsyncPolicy === "off" ? "read-write" : "read-write-dsync");
      const fileBytes = await handle.sizeBytes();
      const header = await readHeader(handle, logPath, fileBytes);
      checkPinnedHash("WAL_SCHEMA_MISMATCH", "schema hash", logPath, options.schemaHash, header.schemaHash);
      checkPinnedHash("WAL_REGISTRY_MISMATCH", "registry hash", logPath, options.registryHash, header.registryHash);
      const scanned = await scanLog(handle, logPath, header.baseSeq, header.recordsStartOffset, fileBytes);
      if (scanned.tornTail !== undefined) {
        const torn = scanned.tornTail;
        const verb = readOnly ? "found (not truncated: opened read-only)" : "truncating";
        warn(
          `${logPath}: ${verb} a torn tail at byte offset ${torn.offset} (${torn.reason}; ${torn.bytesDropped} ` +
            `bytes dropped); the log keeps seqs ${scanned.baseSeq}..${scanned.nextSeq - 1}`,
        );
        if (!readOnly) {
          await handle.truncate(torn.offset);
          await handle.datasync();
        }
      }
      const snapshots = new SnapshotStore(fs, dir, warn);
      if (!readOnly) await snapshots.removeLeftovers();
      const { offsets, ...recovery } = scanned;
      const allocated = scanned.tornTail === undefined ? fileBytes : scanned.endOffset;
      return new Wal(
        dir,
        logPath,
        fsyncPolicy,
        recovery,
        offsets,
        allocated,
        preallocateBytes,
        handle,
        lock,
        snapshots,
        readOnly,
        options.overlapWrites === true,
      );
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await lock.release().catch(() => undefined);
      throw error;
    }
  }

  /** Seq the next `append` will get. */
  get nextSeq(): number {
    return this.assignedSeqEnd;
  }

  /** Records with seq below this are durable under the fsync policy (and readable by `records`). */
  get durableNextSeq(): number {
    return this.durableSeqEnd;
  }

  /** Counters since open: how well group commit batches (records per fsync). */
  get stats(): { readonly batchesWritten: number; readonly recordsWritten: number } {
    return { batchesWritten: this.batchesWritten, recordsWritten: this.recordsWritten };
  }

  /**
   * Appends one record. Seqs are assigned in call order. Resolves once the record is durable under the fsync policy;
   * rejects with WAL_POISONED if its write or fsync failed (the record may or may not survive, as after a crash).
   */
  append(payload: Uint8Array): Promise<{ seq: number }> {
    const refusal = this.appendRefusal(payload);
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise<{ seq: number }>((resolve, reject) => this.enqueue(payload, { resolve, reject }));
  }

  /**
   * Appends one record without a promise of its own and returns its seq, or the refusal (nothing appended): its
   * durability is reported to the listener (`listen`), as the durable end advances past it, or as the log's failure.
   * For a caller that tracks durability by seq for many records (the kernel), one promise per record is a
   * measurable share of the append path.
   */
  appendDetached(payload: Uint8Array): number | WalError {
    const refusal = this.appendRefusal(payload);
    if (refusal !== undefined) return refusal;
    return this.enqueue(payload, null);
  }

  /** Sets the one listener told of durable progress and of the log's failure (see appendDetached). */
  listen(listener: WalListener): void {
    if (this.listener !== null)
      throw new WalError("WAL_INVALID_ARGUMENT", "the WAL already has a listener", this.logPath);
    this.listener = listener;
  }

  private enqueue(payload: Uint8Array, settlers: Settlers | null): number {
    const seq = this.assignedSeqEnd;
    assertInvariant(seq < wal_seq_max, `seq ${seq} reached the maximum`);
    this.assignedSeqEnd = seq + 1;
    const recordsMax = this.fsyncPolicy === "per-record" ? 1 : wal_batch_records_max;
    const frameBytes = frame_header_bytes + payload.length;
    let batch = this.queued[this.queued.length - 1];
    if (batch === undefined || !batch.accepts(frameBytes, recordsMax)) {
      batch = new Batch(seq, frameBytes, recordsMax, this.spareBuffers.pop());
      this.queued.push(batch);
    }
    batch.add(payload, settlers);
    this.queuedRecords++;
    this.lastEnqueueMs = monotonicMs();
    this.startWriting(batch);
    return seq;
  }

  /**
   * Starts the write loop if the disk is idle: at once when the forming batch reached the cut (its write then
   * overlaps the remaining appenders' work), otherwise one event-loop turn later, so appenders woken by the last
   * batch join this one (measured: half the throughput with a microtask here; docs/wal.md).
   */
  private startWriting(batch: Batch): void {
    if (this.flushing !== undefined) return; // the loop takes queued batches as each write finishes
    if (this.cutAtRecords > 0 && batch.count >= this.cutAtRecords && batch === this.queued[0]) {
      this.cutAtRecords = 0;
      this.flushing = this.drain();
      return;
    }
    this.scheduleGather();
  }

  /** Starts the write loop one event-loop turn from now (unless it is running by then). */
  private scheduleGather(): void {
    if (this.gatherScheduled) return;
    this.gatherScheduled = true;
    setImmediate(() => {
      this.gatherScheduled = false;
      this.cutAtRecords = 0;
      if (this.flushing !== undefined || this.queued.length === 0) return;
      // Before the first acknowledgement there is no burst to measure (lastAckMs is 0): no cut on that evidence.
      this.lastBurstMs = this.lastAckMs === 0 ? 0 : monotonicMs() - this.lastAckMs;
      this.flushing = this.drain();
    });
  }

  private appendRefusal(payload: Uint8Array): WalError | undefined {
    if (this.closed) return new WalError("WAL_CLOSED", `append on a closed WAL (${this.logPath})`, this.logPath);
    if (this.readOnly) return readOnlyRefusal(this.logPath);
    if (this.poison !== undefined) return this.poison;
    if (payload.length > wal_record_payload_bytes_max) {
      return new WalError(
        "WAL_INVALID_ARGUMENT",
        `record payload is ${payload.length} bytes, over the ${wal_record_payload_bytes_max}-byte maximum; split it`,
        this.logPath,
      );
    }
    if (this.queuedRecords >= wal_pending_records_max) {
      return new WalError(
        "WAL_BACKPRESSURE",
        `${wal_pending_records_max} appends are already waiting for fsync on ${this.logPath}; await earlier appends first`,
        this.logPath,
      );
    }
    return undefined;
  }

  /**
   * Yields durable records in seq order from `fromSeq` (default: the first) to the durable end as of this call,
   * re-verifying every checksum. Throws WAL_CORRUPT if the file was damaged after open.
   */
  async *records(fromSeq = this.recovery.baseSeq): AsyncGenerator<WalRecord> {
    for await (const batch of this.recordBatches(fromSeq)) yield* batch;
  }

  /**
   * The same records as `records`, in arrays of up to wal_replay_batch_records: replay of a large log should use
   * this, since one await per record costs more than reading and verifying the record (bench/wal/RESULTS.md).
   */
  async *recordBatches(fromSeq = this.recovery.baseSeq): AsyncGenerator<WalRecord[]> {
    const endSeq = this.durableSeqEnd;
    const endOffset = this.durableEndOffset;
    const baseSeq = this.recovery.baseSeq;
    if (fromSeq < baseSeq || fromSeq > endSeq) {
      throw new WalError(
        "WAL_INVALID_ARGUMENT",
        `records(${fromSeq}): seq must be in ${baseSeq}..${endSeq}`,
        this.logPath,
      );
    }
    if (fromSeq === endSeq) return;
    const scanner = new FrameScanner(this.handle, this.offsets.at(fromSeq - baseSeq), endOffset);
    let batch: WalRecord[] = [];
    for (let expected = fromSeq; expected < endSeq; expected++) {
      const next = scanner.next();
      const step = next instanceof Promise ? await next : next;
      if (step.kind !== "record" || step.seq !== expected) {
        const offset = step.kind === "end" ? endOffset : step.offset;
        const what =
          step.kind === "bad" ? step.reason : step.kind === "end" ? "log ended early" : `found seq ${step.seq}`;
        throw new WalError(
          "WAL_CORRUPT",
          `${this.logPath}: reading seq ${expected} at byte offset ${offset} failed (${what}); the file changed on disk ` +
            `after it was opened. Stop the process and restore the data directory from a backup.`,
          this.logPath,
          offset,
        );
      }
      batch.push({ seq: step.seq, payload: step.payload });
      if (batch.length === wal_replay_batch_records) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * The payload of one durable record, read now (blocking) and verified again (magic, seq, checksum): for
   * synchronous readers of history kept on disk rather than in memory (docs/adr/0068). Reads go through a small
   * block cache, so walking neighbouring records costs one read per wal_read_block_bytes. The view stays valid
   * (its block is never reused); treat it as read-only. Throws WAL_CORRUPT if the file changed since open,
   * WAL_CLOSED after close.
   */
  recordSync(seq: number): Uint8Array {
    this.assertUsable();
    const baseSeq = this.recovery.baseSeq;
    if (!Number.isSafeInteger(seq) || seq < baseSeq || seq >= this.durableSeqEnd) {
      throw new WalError(
        "WAL_INVALID_ARGUMENT",
        `recordSync(${seq}): seq must be a durable record, ${baseSeq}..${this.durableSeqEnd - 1}`,
        this.logPath,
      );
    }
    const position = seq - baseSeq;
    const start = this.offsets.at(position);
    const end = seq + 1 < this.durableSeqEnd ? this.offsets.at(position + 1) : this.durableEndOffset;
    return this.reader.read(seq, start, end, this.durableEndOffset);
  }

  /** Stores a checkpoint covering records below `nextSeq` (which must already be durable), atomically. */
  async writeSnapshot(nextSeq: number, payload: Uint8Array): Promise<void> {
    this.assertUsable();
    if (this.readOnly) throw readOnlyRefusal(this.logPath);
    if (!Number.isSafeInteger(nextSeq) || nextSeq < this.recovery.baseSeq || nextSeq > this.durableSeqEnd) {
      throw new WalError(
        "WAL_INVALID_ARGUMENT",
        `writeSnapshot(${nextSeq}): a snapshot may cover only durable records, so nextSeq must be in ` +
          `${this.recovery.baseSeq}..${this.durableSeqEnd}`,
        this.logPath,
      );
    }
    await this.snapshots.write({ nextSeq, payload });
  }

  /**
   * Snapshot files not ahead of the log, newest first, to be read in pieces (verified as they are read): recovery
   * of a large checkpoint without holding its bytes whole. `latestSnapshot` reads and verifies one whole.
   */
  snapshotFiles(): Promise<SnapshotFile[]> {
    return this.snapshots.files(this.durableSeqEnd);
  }

  /** The newest intact snapshot not ahead of the log, or undefined (replay from the start). */
  latestSnapshot(): Promise<Snapshot | undefined> {
    return this.snapshots.latest(this.durableSeqEnd);
  }

  /** Waits for pending appends to settle, then releases the file and the directory lock. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Everything queued is written before the handle closes, including appends still gathering for their turn
    // (the turn would find the handle closed). Bounded: no append is accepted once closed, and each pass of the
    // loop writes or rejects at least one queued batch.
    while (this.flushing !== undefined || (this.queued.length > 0 && this.poison === undefined)) {
      this.flushing ??= this.drain();
      await this.flushing;
    }
    await this.handle.close();
    await this.lock.release();
  }

  private assertUsable(): void {
    if (this.closed) throw new WalError("WAL_CLOSED", `the WAL at ${this.logPath} is closed`, this.logPath);
  }

  /**
   * The group-commit loop: one batch at a time, each written with one write and made durable with one fsync, the
   * next queued batch written as soon as the previous one is durable. When a write leaves nothing queued, every
   * appender it acknowledges is about to run and append again while the disk sits idle; so the next batch is cut
   * at half their number and written at once, and the other half forms the batch after it, written while the
   * first half's appenders run. From then on each write overlaps the other half's work (ADR 0074). Starts
   * synchronously: the first write is issued before `drain` returns.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queued.length > 0 && this.poison === undefined) {
        const batch = this.queued.shift()!;
        const writeStartMs = monotonicMs();
        this.queuedRecords -= batch.count;
        const bytes = batch.frames();
        try {
          await writeFully(this.handle, bytes, this.durableEndOffset);
          await this.preallocateBeyond(this.durableEndOffset + bytes.length);
          // No fdatasync: under "group" and "per-record" the handle is O_DSYNC, so the writes above were durable.
        } catch (error) {
          await this.poisonAfter(error, batch);
          return;
        }
        assertInvariant(
          batch.firstSeq === this.durableSeqEnd,
          `batch seq ${batch.firstSeq} != durable end ${this.durableSeqEnd}`,
        );
        let offset = this.durableEndOffset;
        for (const frameBytes of batch.frameBytes) {
          this.offsets.push(offset);
          offset += frameBytes;
        }
        assertInvariant(offset === this.durableEndOffset + bytes.length, "batch frames do not add up to its bytes");
        this.durableEndOffset = offset;
        this.durableSeqEnd += batch.count;
        this.batchesWritten++;
        this.recordsWritten += batch.count;
        const spare = batch.releaseBuffer();
        if (spare !== undefined && this.spareBuffers.length < wal_batch_buffers_pooled) this.spareBuffers.push(spare);
        const ackMs = monotonicMs();
        const writeMs = ackMs - writeStartMs;
        batch.resolveAll();
        this.listener?.durable(this.durableSeqEnd);
        if (this.queued.length === 0) {
          // The acknowledged appenders run next while the disk idles: cut their batch in half if a write takes at
          // most half of their burst, so each write hides whole behind the other half's work. Between half and a
          // whole burst the gain is small, and the extra write's own CPU (ADR 0074) can eat it on a busy machine.
          const cut =
            this.overlapWrites &&
            this.fsyncPolicy !== "per-record" &&
            batch.count > 1 &&
            writeMs * wal_cut_burst_to_write_min <= this.lastBurstMs;
          this.cutAtRecords = cut ? Math.ceil(batch.count / 2) : 0;
          this.lastAckMs = ackMs;
          break;
        }
        // The queued half was complete long before this write finished: the disk was the slower side. Once that
        // held for wal_gather_after_slow_writes writes in a row (one slow write is common on a shared disk and
        // says little), let the appenders just acknowledged join the queued half: one write per burst again.
        const slow = ackMs - this.lastEnqueueMs > writeMs / 2;
        this.slowWritesInRow = slow ? this.slowWritesInRow + 1 : 0;
        if (this.fsyncPolicy !== "per-record" && !this.closed && this.slowWritesInRow >= wal_gather_after_slow_writes) {
          this.slowWritesInRow = 0;
          this.lastAckMs = ackMs;
          this.cutAtRecords = 0;
          this.scheduleGather();
          break;
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * Keeps zero-filled space after `logEndOffset` by growing the file a whole step at a time, before the batch that
   * needed it is acknowledged; recovery reads an all-zero tail as a clean end of log.
   */
  private async preallocateBeyond(logEndOffset: number): Promise<void> {
    if (this.preallocateBytes === 0 || logEndOffset <= this.allocatedEndOffset) return;
    const targetEnd = logEndOffset + this.preallocateBytes;
    const zeros = new Uint8Array(Math.min(wal_zero_fill_chunk_bytes, this.preallocateBytes));
    for (let at = logEndOffset; at < targetEnd; at += zeros.length) {
      await writeFully(this.handle, zeros.subarray(0, Math.min(zeros.length, targetEnd - at)), at);
    }
    this.allocatedEndOffset = targetEnd;
  }

  /**
   * After a failed write or fsync nothing written since the last good fsync can be trusted: Linux may drop the dirty
   * pages and report success on a later fsync (PostgreSQL's "fsyncgate"). So the log stops accepting appends until
   * reopened, which re-verifies the file; it also tries to cut the file back to the last durable byte.
   */
  private async poisonAfter(cause: unknown, batch: Batch): Promise<void> {
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.poison = new WalError(
      "WAL_POISONED",
      `${this.logPath}: a write or fsync failed (${reason}); records from seq ${batch.firstSeq} on ` +
        `were not acknowledged and may or may not survive. The WAL refuses appends until it is closed and reopened ` +
        `(after fixing the disk: free space, check hardware); seqs below ${this.durableSeqEnd} are durable.`,
      this.logPath,
      this.durableEndOffset,
      { cause },
    );
    const failed = [batch, ...this.queued];
    this.queued = [];
    this.queuedRecords = 0;
    for (const each of failed) each.rejectAll(this.poison);
    this.listener?.failed(this.poison);
    try {
      await this.handle.truncate(this.durableEndOffset);
      await this.handle.datasync();
      this.allocatedEndOffset = this.durableEndOffset;
    } catch {
      // Best effort: reopening runs recovery, which treats whatever is left as a torn tail.
    }
  }
}

function readOnlyRefusal(logPath: string): WalError {
  return new WalError("WAL_READ_ONLY", `${logPath} was opened read-only; open it without readOnly to write`, logPath);
}

async function createLogFile(fs: FileSystem, dir: string, logPath: string, options: WalOpenOptions): Promise<void> {
  // Written under a temp name and renamed, so the log file never exists with a partial header.
  const tempPath = `${logPath}.tmp`;
  try {
    await fs.unlink(tempPath);
  } catch (error) {
    if (!hasErrorCode(error, "ENOENT")) throw error;
  }
  const handle = await fs.open(tempPath, "create-exclusive");
  try {
    await writeFully(
      handle,
      encodeHeader({ schemaHash: options.schemaHash, registryHash: options.registryHash, baseSeq: 0 }),
      0,
    );
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await fs.rename(tempPath, logPath);
  await fs.syncDirectory(dir);
}

async function readHeader(
  handle: FileHandle,
  path: string,
  fileBytes: number,
): Promise<{ schemaHash: string; registryHash: string; baseSeq: number; recordsStartOffset: number }> {
  const fixed = new Uint8Array(Math.min(header_fixed_bytes, fileBytes));
  await readFully(handle, fixed, 0, fixed.length, 0);
  const payloadBytes = headerPayloadBytes(fixed, path);
  const whole = new Uint8Array(Math.min(header_fixed_bytes + payloadBytes, fileBytes));
  await readFully(handle, whole, 0, whole.length, 0);
  return { ...decodeHeader(whole, path), recordsStartOffset: header_fixed_bytes + payloadBytes };
}

function checkPinnedHash(
  code: "WAL_SCHEMA_MISMATCH" | "WAL_REGISTRY_MISMATCH",
  what: string,
  path: string,
  expected: string,
  found: string,
): void {
  if (expected === found) return;
  throw new WalError(
    code,
    `${path} was written for another ${what}: expected ${expected} (this build), found ${found} (in the file). ` +
      `Open it with the generated code it was written for, or use a fresh data directory.`,
    path,
  );
}

/** A broken invariant means the log would record wrong history: stop loudly. */
function assertInvariant(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`WAL invariant violated: ${what}`);
}
