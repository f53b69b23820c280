// The fold runner: keeps every registered fold up to date with history, one entry at a time (new events only),
// per view: the system view and each open overlay. An overlay starts from the fold states of the system snapshot
// it was created over; its own events change only its layer; collapsing it replays its events onto the system
// (the same events, in the same order, as history recorded them). Because the runner reads nothing but history
// entries, feeding it the entries live, after a restart, or all at once from a log gives the same states
// (runner.property.test.ts proves it on random histories).
import type { CanonicalValue } from "../canonical/index.js";
import type { DomainSpec } from "../domain/spec.js";
import { KernelError, internalInvariant } from "../errors/index.js";
import { EventDecoder } from "./events.js";
import { FoldLayer } from "./layer.js";
import { folds_max } from "./limits.js";
import { canonicalBytesOf, checkedStep, deepFreeze, FoldError } from "./purity.js";
import type { FoldEvent, FoldRegistration } from "./spec.js";

export interface FoldRunnerOptions {
  readonly domain: DomainSpec;
  readonly folds: readonly FoldRegistration[];
  /**
   * Development mode: purity checks on every step (purity.ts). Defaults to true unless NODE_ENV is "production";
   * it roughly triples the cost of a fold step.
   */
  readonly development?: boolean;
}

/** The part of a history entry the runner reads (kernel/history.ts HistoryEntry satisfies it). */
export interface FoldableEntry {
  readonly idx: number;
  readonly type: string;
  readonly view: string;
  readonly ops?: readonly CanonicalValue[];
  readonly meta?: { readonly [key: string]: CanonicalValue };
  /** sws.collapse entries: true when the overlay was merged (a conflict leaves it open and changes nothing). */
  readonly committed?: boolean;
  readonly receipt: { readonly viewDigest: string };
}

interface OverlayFolds {
  readonly layer: FoldLayer;
  /** This overlay's own events, in history order: what a collapse replays onto the system. */
  readonly events: FoldEvent[];
  lastDigest: string;
}

const no_meta: { readonly [key: string]: CanonicalValue } = Object.freeze({});

export class FoldRunner {
  private readonly decoder: EventDecoder;
  private readonly byName = new Map<string, FoldRegistration>();
  private readonly byCoordinate = new Map<string, FoldRegistration>();
  /** op name -> the folds that read it. */
  private readonly readers = new Map<string, FoldRegistration[]>();
  private readonly development: boolean;
  private system = new FoldLayer(null);
  /** True while an overlay reads through `system`: the next system change copies it first. */
  private systemShared = false;
  private readonly overlays = new Map<string, OverlayFolds>();
  /** The first failure of each fold: its state stops advancing and queries report the failure. */
  private readonly failed = new Map<string, FoldError>();
  private next = 0;

  constructor(options: FoldRunnerOptions) {
    this.decoder = new EventDecoder(options.domain);
    this.development = options.development ?? process.env["NODE_ENV"] !== "production";
    if (options.folds.length > folds_max) {
      throw new KernelError("INVALID_INPUT", `${options.folds.length} folds exceed folds_max (${folds_max})`);
    }
    const opNames = new Set(options.domain.ops.map((op) => op.name));
    for (const fold of options.folds) {
      if (this.byName.has(fold.name)) throw new KernelError("INVALID_INPUT", `fold ${fold.name} is registered twice`);
      for (const op of fold.reads) {
        if (!opNames.has(op)) {
          throw new KernelError(
            "INVALID_INPUT",
            `fold ${fold.name} reads op ${op}, which domain ${options.domain.registryName} does not have; ` +
              `regenerate with \`wesley build\` so folds and domain come from the same schema`,
          );
        }
        let list = this.readers.get(op);
        if (list === undefined) this.readers.set(op, (list = []));
        list.push(fold);
      }
      if (this.development) {
        canonicalBytesOf(fold.name, null, "the initial state", fold.reducer.initial);
        deepFreeze(fold.reducer.initial);
      }
      this.byName.set(fold.name, fold);
      for (const coordinate of fold.derives) this.byCoordinate.set(coordinate, fold);
    }
  }

  /** The idx of the next entry the runner expects. */
  get nextIdx(): number {
    return this.next;
  }

  get foldNames(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Feeds one history entry; entries must come in idx order without gaps. */
  ingest(entry: FoldableEntry): void {
    if (entry.idx !== this.next) {
      throw new KernelError("INVALID_INPUT", `fold runner got history idx ${entry.idx}, expected ${this.next}`);
    }
    this.next++;
    switch (entry.type) {
      case "sws.create":
        this.systemShared = true;
        this.overlays.set(entry.view, {
          layer: new FoldLayer(this.system),
          events: [],
          lastDigest: entry.receipt.viewDigest,
        });
        return;
      case "sws.discard":
        this.overlays.delete(entry.view);
        return;
      case "rewrite":
        this.ingestRewrite(entry);
        return;
      case "sws.collapse":
        if (entry.committed === true) this.collapse(entry.view);
        return;
      default:
        // Other entries (policy denials) carry no op events.
        return;
    }
  }

  /** Replays an overlay's events onto the system view: what a committed collapse does to fold states. */
  private collapse(view: string): void {
    const overlay = this.overlay(view);
    if (this.systemShared) {
      this.system = this.system.copy();
      this.systemShared = false;
    }
    for (const event of overlay.events) this.applyEvent(this.system, event);
    // The overlay now reads through a system that already holds its changes; from here on it is a fresh layer.
    this.overlays.delete(view);
  }

  /** The derived value of a record-scoped fold for one record, or of a view-scoped fold (recordId omitted). */
  value(view: string, foldName: string, recordId?: string): unknown {
    const fold = this.byName.get(foldName);
    if (fold === undefined) {
      throw new KernelError(
        "NOT_FOUND",
        `no fold ${foldName}; registered folds: ${this.foldNames.join(", ") || "(none)"}`,
      );
    }
    const failure = this.failed.get(foldName);
    if (failure !== undefined)
      throw new KernelError(
        "INTERNAL",
        `${failure.message}; its values are unavailable until the fold is fixed and history replayed`,
      );
    const layer = this.layerOf(view);
    let state: unknown;
    if (fold.scope === "record") {
      if (recordId === undefined)
        throw new KernelError("INVALID_INPUT", `fold ${foldName} is per record; name the record id`);
      state = layer.recordState(foldName, recordId) ?? fold.reducer.initial;
    } else {
      state = layer.viewState(foldName) ?? fold.reducer.initial;
    }
    const result = this.development
      ? checkedStep(foldName, null, "result", () => fold.reducer.result(state))
      : fold.reducer.result(state);
    return result;
  }

  /** The value of a derived field: `field("sws:0", "Task.state", taskId)`, or `field(view, "Query.openTasks")`. */
  field(view: string, coordinate: string, recordId?: string): unknown {
    const fold = this.byCoordinate.get(coordinate);
    if (fold === undefined) {
      throw new KernelError(
        "NOT_FOUND",
        `no fold derives ${coordinate}; derived fields: ${[...this.byCoordinate.keys()].sort().join(", ") || "(none)"}`,
      );
    }
    return this.value(view, fold.name, recordId);
  }

  /** Record ids a record-scoped fold has seen events for in `view`, sorted. */
  records(view: string, foldName: string): string[] {
    return this.layerOf(view).recordIds(foldName);
  }

  /** The failure that stopped a fold, if any. */
  failure(foldName: string): FoldError | undefined {
    return this.failed.get(foldName);
  }

  private ingestRewrite(entry: FoldableEntry): void {
    // Entries arrive contiguously from idx 0, so the runner saw this overlay's sws.create: anything else is a bug.
    const overlay = this.overlays.get(entry.view);
    if (overlay === undefined)
      throw internalInvariant(`fold runner: rewrite at idx ${entry.idx} in ${entry.view}, which it never saw open`);
    const events = this.decoder.eventsOf(entry.idx, entry.ops ?? [], entry.meta ?? no_meta, overlay.lastDigest);
    overlay.lastDigest = entry.receipt.viewDigest;
    for (const event of events) {
      if (!this.readers.has(event.op)) continue;
      overlay.events.push(event);
      this.applyEvent(overlay.layer, event);
    }
  }

  private applyEvent(layer: FoldLayer, event: FoldEvent): void {
    for (const fold of this.readers.get(event.op) ?? []) {
      if (this.failed.has(fold.name)) continue;
      try {
        if (fold.scope === "record") {
          const state = layer.recordState(fold.name, event.recordId) ?? fold.reducer.initial;
          layer.setRecordState(fold.name, event.recordId, this.step(fold, state, event));
        } else {
          const state = layer.viewState(fold.name) ?? fold.reducer.initial;
          layer.setViewState(fold.name, this.step(fold, state, event));
        }
      } catch (error) {
        this.failed.set(
          fold.name,
          error instanceof FoldError ? error : new FoldError(fold.name, event.idx, String(error)),
        );
      }
    }
  }

  private step(fold: FoldRegistration, state: unknown, event: FoldEvent): unknown {
    const reduce = fold.reducer.reduce as (state: unknown, event: FoldEvent) => unknown;
    if (!this.development) return reduce.call(fold.reducer, state, event);
    deepFreeze(event);
    return checkedStep(fold.name, event.idx, `reduce(${event.op})`, () => reduce.call(fold.reducer, state, event));
  }

  private layerOf(view: string): FoldLayer {
    if (view === "system") return this.system;
    return this.overlay(view).layer;
  }

  private overlay(view: string): OverlayFolds {
    const overlay = this.overlays.get(view);
    if (overlay === undefined) throw new KernelError("NOT_FOUND", `no open overlay ${view} in the fold runner`);
    return overlay;
  }
}
