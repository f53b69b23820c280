// Rebuilding a kernel from its data directory: the newest checkpoint that verifies (its digests and its tie to
// this log), the history below it left in the log and read back on demand (the open scan already verified every
// frame and indexed its offset: docs/adr/0068-lazy-history-below-checkpoint.md), then every later entry run again
// and checked bit for bit against its logged bytes. Any divergence stops recovery with a ReplayDivergence naming
// the idx.
import { blake3Hex } from "../hash/index.js";
import { KernelError } from "../errors/index.js";
import { WalError } from "../wal/index.js";
import type { SnapshotFile, Wal } from "../wal/index.js";
import { CheckpointError, decodeCheckpointPieces } from "./checkpoint.js";
import type { RestoredState } from "./checkpoint.js";
import type { StoredEntries } from "./history.js";
import type { Kernel } from "./kernel.js";

export interface KernelRecovery {
  /** Idx the checkpoint covered up to (exclusive), or null when the whole log was replayed. */
  readonly checkpointNextIdx: number | null;
  /** Entries below the checkpoint: not run again, left in the log and read from it on demand. */
  readonly entriesLoaded: number;
  /** Entries run again and verified. */
  readonly entriesReplayed: number;
}

export interface RecoverOptions {
  /** false: ignore checkpoints and replay every entry (what `jitosctl replay --verify` does). */
  readonly useCheckpoint: boolean;
  readonly warn: (message: string) => void;
  /** Called after each replayed entry (verification tools compare states at checkpoints). */
  readonly afterReplay?: (kernel: Kernel, idx: number) => void;
}

export async function recoverKernel(kernel: Kernel, wal: Wal, options: RecoverOptions): Promise<KernelRecovery> {
  const endSeq = wal.durableNextSeq;
  const checkpoint = options.useCheckpoint ? await loadCheckpoint(wal, options.warn) : null;
  if (checkpoint !== null) {
    kernel.loadStoredHistory(storedEntries(wal, checkpoint.nextIdx));
    kernel.restoreCheckpoint(checkpoint);
  }
  const loaded = kernel.nextIdx;
  let replayed = 0;
  for await (const batch of wal.recordBatches(loaded)) {
    for (const record of batch) {
      if (record.seq !== kernel.nextIdx) {
        throw new Error(`recovery invariant violated: WAL seq ${record.seq} where idx ${kernel.nextIdx} belongs`);
      }
      kernel.replayEncoded(record.payload);
      replayed++;
      options.afterReplay?.(kernel, record.seq);
    }
  }
  if (kernel.nextIdx !== endSeq) {
    throw new Error(`recovery invariant violated: rebuilt ${kernel.nextIdx} entries, the log holds ${endSeq}`);
  }
  return { checkpointNextIdx: checkpoint?.nextIdx ?? null, entriesLoaded: loaded, entriesReplayed: replayed };
}

/**
 * The newest checkpoint whose file, digests and tie to this log all verify, read in pieces (a large checkpoint is
 * never held whole); a checkpoint that fails is skipped with a warning for the next older one. null if none.
 */
async function loadCheckpoint(wal: Wal, warn: (message: string) => void): Promise<RestoredState | null> {
  const files = (await wal.snapshotFiles()).filter((file) => file.nextSeq > 0);
  for (const [i, file] of files.entries()) {
    const problem = await checkpointProblem(wal, file);
    if (typeof problem !== "string") return problem;
    const next = i + 1 < files.length ? "trying an older one" : "replaying the whole log instead";
    warn(`not using the checkpoint at idx ${file.nextSeq} (${problem}); ${next}`);
  }
  return null;
}

/** The checkpoint in `file`, verified, or why it cannot be used. */
async function checkpointProblem(wal: Wal, file: SnapshotFile): Promise<RestoredState | string> {
  let state: RestoredState;
  try {
    state = await decodeCheckpointPieces(file.pieces());
  } catch (error) {
    if (!(error instanceof CheckpointError) && !(error instanceof Error)) throw error;
    return error.message;
  }
  if (state.nextIdx !== file.nextSeq) return `it says idx ${state.nextIdx}, its file name says ${file.nextSeq}`;
  if (blake3Hex(wal.recordSync(state.nextIdx - 1)) !== state.lastEntryHash) {
    return `entry ${state.nextIdx - 1} in the log is not the entry the checkpoint was taken after`;
  }
  return state;
}

/**
 * The log's first `count` records as history entries, read from the file when asked (seq = idx). Once the kernel
 * is closed the log file is released, and reading them says so.
 */
function storedEntries(wal: Wal, count: number): StoredEntries {
  return {
    length: count,
    encoded(idx: number): Uint8Array {
      try {
        return wal.recordSync(idx);
      } catch (error) {
        if (error instanceof WalError && error.code === "WAL_CLOSED") {
          throw new KernelError(
            "INTERNAL",
            `history entry ${idx} is read from the data directory's log, which kernel.close() released; open the ` +
              `data directory again to read it`,
          );
        }
        throw error;
      }
    },
  };
}
