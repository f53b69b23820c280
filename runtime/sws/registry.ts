// The overlays (SWS) and their lifecycle. Ids count up from 0 and are never reused, so a view name in the history
// always means one overlay. A discarded overlay drops its graph but keeps its entry: "sws:3 was discarded at idx
// 17" is an answer a person can act on, "no such overlay" is not.
import { KernelError, internalInvariant } from "../errors/index.js";
import type { GraphSnapshot, GraphState } from "../graph/graph-state.js";
import { sws_open_max } from "../kernel/limits.js";
import { swsView } from "./view.js";
import type { ViewName } from "./view.js";

/** OPEN, then DISCARDED (and, with collapse in issue 4, COLLAPSED); matches the schema's SwsState. */
export type SwsState = "OPEN" | "DISCARDED";

export interface SwsInfo {
  readonly id: string;
  readonly view: ViewName;
  readonly state: SwsState;
  /** Digest of the system snapshot the overlay reads through. */
  readonly baseDigest: string;
  readonly createdAtIdx: number;
  readonly discardedAtIdx: number | null;
}

interface SwsEntry {
  info: SwsInfo;
  graph: GraphState | null;
  /** The system snapshot the overlay was opened on: `graph.changesSince(base)` is what collapse merges. */
  readonly base: GraphSnapshot;
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
    });
    this.entries.set(id, { info, graph, base });
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
        `no overlay sws:${id}; createSws() has assigned ids 0..${this.nextNumber - 1}`,
      );
    }
    if (entry.graph === null) {
      throw new KernelError(
        "NOT_FOUND",
        `overlay sws:${id} was discarded at idx ${entry.info.discardedAtIdx}; its graph is gone (its rewrites stay in ` +
          `the history); create a new overlay with createSws()`,
      );
    }
    return entry.graph;
  }

  /** The base snapshot of an overlay (open or not), for collapse and conflict checks. */
  baseSnapshot(id: string): GraphSnapshot | undefined {
    return this.entries.get(id)?.base;
  }

  info(id: string): SwsInfo | undefined {
    return this.entries.get(id)?.info;
  }

  discard(id: string, discardedAtIdx: number): void {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.graph === null) throw internalInvariant(`discarding sws:${id}, which is not open`);
    entry.graph = null;
    entry.info = Object.freeze({ ...entry.info, state: "DISCARDED", discardedAtIdx });
    this.openCount -= 1;
  }

  /** Every overlay ever created, by id. */
  list(): SwsInfo[] {
    return [...this.entries.values()].map((entry) => entry.info).sort((a, b) => Number(a.id) - Number(b.id));
  }
}
