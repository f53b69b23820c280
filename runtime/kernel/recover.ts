// Rebuilding a kernel from its data directory: the newest checkpoint that verifies (its digests and its tie to
// this log), the history below it loaded as logged bytes, then every later entry run again and checked bit for bit
// against its logged bytes. Any divergence stops recovery with a ReplayDivergence naming the idx.
import { blake3Hex } from "../hash/index.js";
import type { Wal } from "../wal/index.js";
import { CheckpointError, decodeCheckpoint } from "./checkpoint.js";
import type { RestoredState } from "./checkpoint.js";
import type { Kernel } from "./kernel.js";

export interface KernelRecovery {
  /** Idx the checkpoint covered up to (exclusive), or null when the whole log was replayed. */
  readonly checkpointNextIdx: number | null;
  /** Entries loaded from the log without running them (below the checkpoint). */
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
  let loaded = 0;
  let replayed = 0;
  for await (const batch of wal.recordBatches(0)) {
    for (const record of batch) {
      if (record.seq !== kernel.nextIdx) {
        throw new Error(`recovery invariant violated: WAL seq ${record.seq} where idx ${kernel.nextIdx} belongs`);
      }
      if (checkpoint !== null && record.seq < checkpoint.nextIdx) {
        kernel.loadEncodedEntry(record.payload);
        loaded++;
        if (record.seq === checkpoint.nextIdx - 1) kernel.restoreCheckpoint(checkpoint);
        continue;
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

/** The newest checkpoint whose digests verify and whose last entry is this log's; null (with a warning) if none. */
async function loadCheckpoint(wal: Wal, warn: (message: string) => void): Promise<RestoredState | null> {
  const snapshot = await wal.latestSnapshot();
  if (snapshot === undefined || snapshot.nextSeq === 0) return null;
  const refuse = (why: string): null => {
    warn(`not using the checkpoint at idx ${snapshot.nextSeq} (${why}); replaying the whole log instead`);
    return null;
  };
  let state: RestoredState;
  try {
    state = decodeCheckpoint(snapshot.payload);
  } catch (error) {
    if (!(error instanceof CheckpointError) && !(error instanceof Error)) throw error;
    return refuse(error.message);
  }
  if (state.nextIdx !== snapshot.nextSeq) {
    return refuse(`it says idx ${state.nextIdx}, its file name says ${snapshot.nextSeq}`);
  }
  for await (const record of wal.records(state.nextIdx - 1)) {
    if (blake3Hex(record.payload) !== state.lastEntryHash) {
      return refuse(`entry ${record.seq} in the log is not the entry the checkpoint was taken after`);
    }
    break;
  }
  return state;
}
