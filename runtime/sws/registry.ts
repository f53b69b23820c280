// The overlays (SWS) and their lifecycle. Ids count up from 0 and are never reused, so a view name in the history
// always means one overlay. A discarded overlay drops its graph but keeps its entry: "sws:3 was discarded at idx
// 17" is an answer a person can act on, "no such overlay" is not.
import { KernelError, internalInvariant } from "../errors/index.js";
import type { GraphSnapshot, GraphState } from "../graph/graph-state.js";
import { sws_open_max } from "../kernel/limits.js";
import { swsView } from "./view.js";
import type { ViewName } from "./view.js";

/** OPEN, then DISCARDED or COLLAPSED (both final); matches the schema's SwsState. */
export type SwsState = "OPEN" | "DISCARDED" | "COLLAPSED";

export interface SwsInfo {
  readonly id: string;
  readonly view: ViewName;
  readonly state: SwsState;
  /** Digest of the system snapshot the overlay reads through. */
  readonly baseDigest: string;
  readonly createdAtIdx: number;
  readonly discardedAtIdx: number | null;
  /** Idx of the collapse that merged the overlay into the system (a failed collapse leaves the overlay OPEN). */
  readonly collapsedAtIdx: number | null;
  /** Rewrites applied to the overlay, and the ops in them: what a collapse merges. */
  readonly rewriteCount: number;
  readonly opCount: number;
}

interface SwsEntry {
  /**
   * Frozen; its rewriteCount and opCount may lag the live counters below (every rewrite counts, and a fresh
   * frozen SwsInfo per rewrite cost more than the counting): read it through `current`, which catches it up.
   */
  info: SwsInfo;
  rewriteCount: number;
  opCount: number;
  graph: GraphState | null;
  /**
   * The system snapshot the overlay was opened on: `graph.changesSince(base)` is what collapse merges. Dropped when
   * the overlay closes, so old system versions are not kept alive by overlays nobody can use any more.
   */
  base: GraphSnapshot | null;
}

export class SwsRegistry {
  private readonly entries = new Map<string, SwsEntry>();
  private nextNumber = 0;
  private openCount = 0;

  /** The id the next `create` will assign. */
  get nextId(): string {
    return String(this.nextNumber);
  }

  checkCanCreate(): void {
    if (this.openCount >= sws_open_max) {
      throw new KernelError(
        "CONFLICT",
        `${this.openCount} overlays are open, the most sws_open_max allows; discard (or, later, collapse) one first`,
      );
    }
    if (!Number.isSafeInteger(this.nextNumber + 1))
      throw internalInvariant("SWS id counter left the safe integer range");
  }

  create(graph: GraphState, base: GraphSnapshot, createdAtIdx: number): SwsInfo {
    this.checkCanCreate();
    const id = this.nextId;
    const info: SwsInfo = Object.freeze({
      id,
      view: swsView(id),
      state: "OPEN",
      baseDigest: base.digest,
      createdAtIdx,
      discardedAtIdx: null,
      collapsedAtIdx: null,
      rewriteCount: 0,
      opCount: 0,
    });
    this.entries.set(id, { info, rewriteCount: 0, opCount: 0, graph, base });
    this.nextNumber += 1;
    this.openCount += 1;
    return info;
  }

  /** The graph of an open overlay; NOT_FOUND (saying why) for an id never created or already discarded. */
  openGraph(id: string): GraphState {
    const entry = this.entries.get(id);
    if (entry === undefined) {
      throw new KernelError(
        "NOT_FOUND",
        this.nextNumber === 0
          ? `no overlay sws:${id}: none has been created yet; create one with createSws()`
          : `no overlay sws:${id}; createSws() has assigned ids 0..${this.nextNumber - 1}`,
      );
    }
    if (entry.graph === null) {
      const info = entry.info;
      const how =
        info.state === "COLLAPSED"
          ? `was collapsed into the system at idx ${info.collapsedAtIdx}; read its changes in the system view`
          : `was discarded at idx ${info.discardedAtIdx}; its graph is gone`;
      throw new KernelError(
        "NOT_FOUND",
        `overlay sws:${id} ${how} (its rewrites stay in the history); create a new overlay with createSws()`,
      );
    }
    return entry.graph;
  }

  /** The base snapshot of an overlay (open or not), for collapse and conflict checks. */
  baseSnapshot(id: string): GraphSnapshot | undefined {
    return this.entries.get(id)?.base ?? undefined;
  }

  info(id: string): SwsInfo | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? undefined : current(entry);
  }

  discard(id: string, discardedAtIdx: number): void {
    this.close(id, { state: "DISCARDED", discardedAtIdx });
  }

  /** The overlay's changes are now part of the system; it accepts nothing more. */
  markCollapsed(id: string, collapsedAtIdx: number): void {
    this.close(id, { state: "COLLAPSED", collapsedAtIdx });
  }

  /**
   * Counts a rewrite applied to an open overlay (reported by collapse receipts) and returns its number in the
   * overlay: 0 for the first (its receipt's rewriteIdx, ADR 0028).
   */
  countRewrite(id: string, ops: number): number {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.graph === null) throw internalInvariant(`counting a rewrite of closed sws:${id}`);
    const rewriteIdx = entry.rewriteCount;
    entry.rewriteCount = rewriteIdx + 1;
    entry.opCount += ops;
    return rewriteIdx;
  }

  /** Rewrites applied to an overlay so far. */
  rewriteCount(id: string): number {
    const entry = this.entries.get(id);
    if (entry === undefined) throw internalInvariant(`no sws:${id} to count rewrites of`);
    return entry.rewriteCount;
  }

  /**
   * Rebuilds the registry from a checkpoint: every overlay ever created (graphs for the open ones) and the next id.
   * Only for an empty registry.
   */
  restore(
    entries: readonly { info: SwsInfo; graph: GraphState | null; base: GraphSnapshot | null }[],
    nextNumber: number,
  ): void {
    if (this.entries.size > 0 || this.nextNumber > 0) throw internalInvariant("restoring into a used SWS registry");
    for (const entry of entries) {
      if (
        (entry.graph !== null) !== (entry.info.state === "OPEN") ||
        (entry.base !== null) !== (entry.graph !== null)
      ) {
        throw internalInvariant(`checkpoint overlay sws:${entry.info.id} is ${entry.info.state} with a graph mismatch`);
      }
      const info = Object.freeze({ ...entry.info });
      this.entries.set(info.id, {
        info,
        rewriteCount: info.rewriteCount,
        opCount: info.opCount,
        graph: entry.graph,
        base: entry.base,
      });
      if (entry.graph !== null) this.openCount += 1;
    }
    this.nextNumber = nextNumber;
  }

  /** Open overlays with their graphs and bases, by id (for checkpoints). */
  openEntries(): { info: SwsInfo; graph: GraphState; base: GraphSnapshot }[] {
    const out: { info: SwsInfo; graph: GraphState; base: GraphSnapshot }[] = [];
    for (const entry of this.entries.values()) {
      if (entry.graph !== null && entry.base !== null)
        out.push({ info: current(entry), graph: entry.graph, base: entry.base });
    }
    return out.sort((a, b) => Number(a.info.id) - Number(b.info.id));
  }

  private close(id: string, change: Partial<SwsInfo>): void {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.graph === null) throw internalInvariant(`closing sws:${id}, which is not open`);
    entry.graph = null;
    entry.base = null;
    entry.info = Object.freeze({ ...current(entry), ...change });
    this.openCount -= 1;
  }

  /** Every overlay ever created, by id. */
  list(): SwsInfo[] {
    return [...this.entries.values()].map(current).sort((a, b) => Number(a.id) - Number(b.id));
  }
}

/** The entry's SwsInfo with its live counters (a new frozen object only when they moved since the last read). */
function current(entry: SwsEntry): SwsInfo {
  const info = entry.info;
  if (info.rewriteCount !== entry.rewriteCount || info.opCount !== entry.opCount) {
    entry.info = Object.freeze({ ...info, rewriteCount: entry.rewriteCount, opCount: entry.opCount });
  }
  return entry.info;
}
