// `jitosctl replay --verify`: rebuild everything from the log of a data directory, on an in-memory kernel, and
// check it against what the log recorded. Every entry is run again and must reproduce its logged bytes (receipts,
// digests, conflicts, normalized ops); the newest checkpoint must match the replayed state at its idx. The data
// directory is opened read-only (a torn tail is reported, not truncated; nothing is written).
import type { DomainSpec } from "../../domain/spec.js";
import type { HistoryEntry, Receipt } from "../../kernel/history.js";
import { decodeCanonical, encodeCanonical } from "../../canonical/index.js";
import type { CanonicalValue } from "../../canonical/index.js";
import { decodeCheckpoint } from "../../kernel/checkpoint.js";
import type { RestoredState } from "../../kernel/checkpoint.js";
import { Kernel } from "../../kernel/kernel.js";
import { ReplayDivergence } from "../../kernel/replay-divergence.js";
import { Wal } from "../../wal/index.js";

export interface EntryCounts {
  /** Entries per history entry type ("rewrite", "sws.create", "sws.collapse", "policy.deny", ...). */
  readonly byType: { readonly [type: string]: number };
  /** Collapses that committed / that were recorded as conflicts. */
  readonly collapsesCommitted: number;
  readonly collapseConflicts: number;
}

export interface Divergence {
  readonly idx: number;
  readonly type: string;
  readonly view: string;
  /** The receipt the log recorded. */
  readonly expected: Receipt;
  /** The receipt replay produced, or why replay rejected the command. */
  readonly actual: Receipt | { readonly rejected: string };
  readonly message: string;
}

export interface CheckpointCheck {
  readonly nextIdx: number;
  /** True when the checkpoint's digests rebuild and equal the replayed state at its idx. */
  readonly matches: boolean;
  readonly problem?: string;
}

export interface ReplayReport {
  readonly ok: boolean;
  readonly dataDir: string;
  readonly schemaHash: string;
  readonly registryHash: string;
  /** Entries replayed and matched (all of them when ok). */
  readonly entries: number;
  readonly counts: EntryCounts;
  readonly system: { readonly digest: string; readonly nodeCount: number; readonly edgeCount: number };
  readonly overlays: {
    readonly total: number;
    readonly open: number;
    readonly collapsed: number;
    readonly discarded: number;
  };
  readonly checkpoint: CheckpointCheck | null;
  /** A partial last record found (and left alone: read-only); a restart would truncate it. */
  readonly tornTail: { readonly offset: number; readonly bytesDropped: number } | null;
  readonly divergence: Divergence | null;
  readonly warnings: readonly string[];
}

export async function verifyDataDir(dataDir: string, domain: DomainSpec): Promise<ReplayReport> {
  const warnings: string[] = [];
  const wal = await Wal.open({
    dir: dataDir,
    schemaHash: domain.schemaHash,
    registryHash: domain.registryHash,
    readOnly: true,
    onWarning: (message) => warnings.push(message),
  });
  try {
    const snapshot = await wal.latestSnapshot();
    let checkpoint: RestoredState | string | null = null;
    if (snapshot !== undefined) {
      try {
        checkpoint = decodeCheckpoint(snapshot.payload);
      } catch (error) {
        checkpoint = error instanceof Error ? error.message : String(error);
      }
    }
    const checkpointIdx = snapshot?.nextSeq ?? null;
    let checkpointCheck: CheckpointCheck | null =
      typeof checkpoint === "string" ? { nextIdx: checkpointIdx!, matches: false, problem: checkpoint } : null;
    const kernel = Kernel.create({ domain });
    const counts: MutableCounts = { byType: {}, collapsesCommitted: 0, collapseConflicts: 0 };
    let divergence: Divergence | null = null;
    outer: for await (const batch of wal.recordBatches()) {
      for (const record of batch) {
        try {
          kernel.replayEncoded(record.payload);
        } catch (error) {
          if (!(error instanceof ReplayDivergence)) throw error;
          divergence = describeDivergence(error);
          break outer;
        }
        count(counts, decodeCanonical(record.payload) as unknown as HistoryEntry);
        if (checkpoint !== null && typeof checkpoint !== "string" && record.seq + 1 === checkpoint.nextIdx) {
          checkpointCheck = compareCheckpoint(kernel, checkpoint);
        }
      }
    }
    const overlays = kernel.listSws();
    const system = kernel.graph("system");
    const tornTail = wal.recovery.tornTail;
    return {
      ok: divergence === null && (checkpointCheck === null || checkpointCheck.matches),
      dataDir: wal.dir,
      schemaHash: domain.schemaHash,
      registryHash: domain.registryHash,
      entries: divergence === null ? kernel.nextIdx : divergence.idx,
      counts,
      system: { digest: system.digest, nodeCount: system.nodeCount, edgeCount: system.edgeCount },
      overlays: {
        total: overlays.length,
        open: overlays.filter((info) => info.state === "OPEN").length,
        collapsed: overlays.filter((info) => info.state === "COLLAPSED").length,
        discarded: overlays.filter((info) => info.state === "DISCARDED").length,
      },
      checkpoint: checkpointCheck,
      tornTail: tornTail === undefined ? null : { offset: tornTail.offset, bytesDropped: tornTail.bytesDropped },
      divergence,
      warnings,
    };
  } finally {
    await wal.close();
  }
}

interface MutableCounts {
  byType: { [type: string]: number };
  collapsesCommitted: number;
  collapseConflicts: number;
}

function count(counts: MutableCounts, entry: HistoryEntry): void {
  counts.byType[entry.type] = (counts.byType[entry.type] ?? 0) + 1;
  if (entry.type === "sws.collapse") {
    if (entry.committed) counts.collapsesCommitted += 1;
    else counts.collapseConflicts += 1;
  }
}

function describeDivergence(error: ReplayDivergence): Divergence {
  const actual = typeof error.actual === "string" ? { rejected: error.actual } : error.actual.receipt;
  return {
    idx: error.idx,
    type: error.expected.type,
    view: error.expected.view,
    expected: error.expected.receipt,
    actual,
    message: error.message,
  };
}

/** The replayed state at the checkpoint's idx against the state the checkpoint rebuilds to. */
function compareCheckpoint(kernel: Kernel, checkpoint: RestoredState): CheckpointCheck {
  const problems: string[] = [];
  const systemDigest = kernel.graph("system").digest;
  if (checkpoint.system.digest() !== systemDigest) {
    problems.push(`system digest ${checkpoint.system.digest()} in the checkpoint, ${systemDigest} replayed`);
  }
  const replayed = kernel.listSws();
  const canonical = (value: unknown): string =>
    Buffer.from(encodeCanonical(value as unknown as CanonicalValue)).toString("hex");
  if (canonical(replayed) !== canonical(checkpoint.overlays.map((overlay) => overlay.info))) {
    problems.push("the overlays (ids, states, counters) differ");
  }
  const openNow = new Set(replayed.filter((info) => info.state === "OPEN").map((info) => info.view));
  for (const overlay of checkpoint.overlays) {
    if (overlay.graph === null) continue;
    if (!openNow.has(overlay.info.view)) {
      problems.push(`${overlay.info.view} is open in the checkpoint but not in the replayed state`);
      continue;
    }
    const digest = kernel.graph(overlay.info.view).digest;
    if (overlay.graph.digest() !== digest)
      problems.push(`${overlay.info.view} digest ${overlay.graph.digest()}, replayed ${digest}`);
  }
  return problems.length === 0
    ? { nextIdx: checkpoint.nextIdx, matches: true }
    : { nextIdx: checkpoint.nextIdx, matches: false, problem: problems.join("; ") };
}
