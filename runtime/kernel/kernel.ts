// The kernel: the system graph, the overlays over it, and the history of everything applied, behind one writer.
// Every mutation is a Command run by the CommandLoop; reads go straight to the current state.
//
// Each command is checked and planned first (nothing changes; any failure is a rejection with a KernelError) and
// then committed inside `commitPhase` (state changes, the history entry is appended, the log sink sees it). The
// entry carries everything needed to run the command again, so `replay(entry)` on a fresh kernel rebuilds the
// same state and must reproduce the same receipt (docs/adr/0024-single-writer-and-history.md).

import { CanonicalEncodeError, decodeCanonical, encodeCanonical, withCanonicalBytes } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { collapse_conflicts_listed_max, planCollapse } from "../collapse/index.js";
import type { CollapseChanges, CollapseConflict } from "../collapse/index.js";
import type { DomainSpec } from "../domain/spec.js";
import { KernelError, internalInvariant, invalidInput } from "../errors/index.js";
import { GraphState } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import { isRecordId } from "../graph/record.js";
import { commitMutations, indexDomain, planRewrite } from "../rewrite/index.js";
import type { CreatedRecord, DomainIndex, RewriteOp } from "../rewrite/index.js";
import { frozenCopy, isPlainObject } from "../rewrite/plain-value.js";
import { SwsRegistry } from "../sws/registry.js";
import type { SwsInfo } from "../sws/registry.js";
import { formatView, parseTarget, parseView, swsView } from "../sws/view.js";
import type { ParsedView, ViewName } from "../sws/view.js";
import { CommandLoop, commitPhase } from "./command-loop.js";
import type { Command } from "./command-loop.js";
import { History } from "./history.js";
import type { CollapseReceipt, HistoryEntry, LogSink, Meta, Receipt, StoredEntries } from "./history.js";
import { ReplayDivergence } from "./replay-divergence.js";
import { readLoggedCommand } from "./replay-command.js";
import type { CheckpointCapture, RestoredState } from "./checkpoint.js";
import { blake3Hex } from "../hash/index.js";
import { openKernel } from "./open.js";
import type { KernelOpenOptions } from "./open.js";
import { meta_bytes_max } from "./limits.js";
import { FoldRunner } from "../fold/index.js";
import type { FoldRegistration } from "../fold/index.js";
import type { PolicyEngine } from "../policy/index.js";
import { denialRecord, forbidden, policyReader } from "../policy/kernel-policy.js";
import type { DenialRecord } from "../policy/kernel-policy.js";
import { idCursor, idxCursor, pageSize, toPage } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";

export interface KernelOptions {
  /** The generated domain (`generated/domain.ts`) or a hand-written DomainSpec. */
  readonly domain: DomainSpec;
  /** Receives every history entry as it is applied (the WAL, in issue 4). */
  readonly logSink?: LogSink;
  /** Folds to keep up to date with history (generated `bindings.ts` exports `folds`); see docs/folds.md. */
  readonly folds?: readonly FoldRegistration[];
  /** Policy checked before every rewrite; without one every op is allowed (docs/policy.md). */
  readonly policy?: PolicyEngine;
  /** Fold purity checks (docs/folds.md); default: on unless NODE_ENV is "production". */
  readonly development?: boolean;
}

/**
 * Every command result names its history entry by `idx` (the total order over all views: the WAL sequence, what
 * `durable(idx)` and `rewrites({ after })` take); the receipt's `rewriteIdx` numbers the rewrite within its view
 * (ADR 0028).
 */
export interface ApplyResult {
  readonly idx: number;
  readonly receipt: Receipt;
  /** Records the rewrite created, in op order, with their derived ids. */
  readonly created: readonly CreatedRecord[];
}

export interface DiscardResult {
  readonly idx: number;
  readonly receipt: Receipt;
}

export interface GraphInfo {
  readonly view: ViewName;
  readonly digest: string;
  /** Equal to `digest` (DESIGN.md §4): a snapshot is named by its content. */
  readonly snapshotId: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
}

export interface RewritePageRequest extends PageRequest<number> {
  /** Only entries of this view ("system" or "sws:<n>"). */
  readonly view?: string;
}

/**
 * What `collapse` returns. A conflict is not thrown: the attempt is itself history (an entry with
 * `committed: false`), so the caller gets its receipt, the stable code CONFLICT and the conflicting records.
 */
export type CollapseResult =
  | { readonly committed: true; readonly idx: number; readonly receipt: CollapseReceipt }
  | {
      readonly committed: false;
      readonly idx: number;
      readonly code: "CONFLICT";
      readonly message: string;
      /** Total conflicts found; `conflicts` holds the first collapse_conflicts_listed_max of them. */
      readonly conflictCount: number;
      readonly conflicts: readonly CollapseConflict[];
      /** Ids of the conflicting records, in the conflicts' order (ids may repeat across node and edge tables). */
      readonly ids: readonly string[];
      readonly receipt: CollapseReceipt;
    };

const no_changes: CollapseChanges = Object.freeze({
  nodesInserted: 0,
  nodesReplaced: 0,
  nodesRemoved: 0,
  edgesInserted: 0,
  edgesReplaced: 0,
  edgesRemoved: 0,
});

/** Durability of applied history; the WAL-backed implementation lives in durable-log.ts. */
export interface DurableLog extends LogSink {
  /** Throws CONFLICT when the log cannot take another entry right now (too many waiting for fsync). */
  checkCapacity(): void;
  /** Resolves once entries up to `idx` are durable under the fsync policy; rejects if the log failed. */
  durable(idx: number): Promise<void>;
  close(): Promise<void>;
}

type Outcome =
  | { readonly type: "sws.collapse"; readonly result: CollapseResult }
  | { readonly type: "rewrite"; readonly result: ApplyResult }
  | { readonly type: "sws.create"; readonly info: SwsInfo; readonly receipt: Receipt }
  | { readonly type: "sws.discard"; readonly result: DiscardResult }
  | { readonly type: "policy.deny"; readonly receipt: Receipt };

export class Kernel {
  private readonly domain: DomainIndex;
  private system = GraphState.empty();
  /** Collapses that committed: the system view's rewrites, numbering its receipts (ADR 0028). */
  private systemRewriteCount = 0;
  private readonly overlays = new SwsRegistry();
  private readonly history = new History();
  private readonly loop: CommandLoop<Outcome>;
  private logSink: LogSink | null;
  private durableLog: DurableLog | null = null;
  /** close() stopped the loop (not a log failure): durable() still answers for entries already logged. */
  private closed = false;
  private readonly folds: FoldRunner | null;
  private readonly policy: PolicyEngine | null;
  /** True while replaying history: recorded decisions are not re-checked (history is the truth). */
  private replaying = false;
  /**
   * The last overlay a rewrite targeted, as given, parsed and named: rewrites mostly come to one overlay in a row.
   * Null until a rewrite target has parsed, so no unparsed value (null, undefined) can ever match it.
   */
  private lastRewriteTarget: {
    readonly given: string;
    readonly swsId: string;
    readonly viewName: ViewName;
  } | null = null;

  private constructor(options: KernelOptions) {
    this.domain = indexDomain(options.domain);
    this.logSink = options.logSink ?? null;
    this.folds =
      options.folds === undefined
        ? null
        : new FoldRunner({
            domain: options.domain,
            folds: options.folds,
            ...(options.development === undefined ? {} : { development: options.development }),
          });
    this.policy = options.policy ?? null;
    this.loop = new CommandLoop((command) => this.handle(command));
  }

  /** An in-memory kernel: nothing survives the process. `Kernel.open({ dataDir })` is the durable one. */
  static create(options: KernelOptions): Kernel {
    return new Kernel(options);
  }

  /**
   * A durable kernel over a data directory (docs/wal.md): recovers the state from the newest valid checkpoint and
   * the WAL after it, verifying every replayed entry bit for bit, then appends every new entry to the WAL.
   * Commands stay synchronous; `await kernel.durable()` acknowledges them (ADR 0064).
   */
  static open(options: KernelOpenOptions): Promise<Kernel> {
    return openKernel(options);
  }

  /** The generated domain the kernel validates ops with (its schema and registry hashes pin the WAL). */
  get domainSpec(): DomainSpec {
    return this.domain.spec;
  }

  // ---- commands ----------------------------------------------------------------------------------------------

  /** Opens an overlay over the current system snapshot; returns its id ("0", "1", ...). */
  createSws(meta?: Meta): string {
    const outcome = this.loop.execute({ type: "sws.create", meta });
    if (outcome.type !== "sws.create") throw internalInvariant("createSws got another command's outcome");
    return outcome.info.id;
  }

  /** Drops an overlay's changes; the discard is recorded in the history. `sws` is "3" or "sws:3". */
  discardSws(sws: string, meta?: Meta): DiscardResult {
    const outcome = this.loop.execute({ type: "sws.discard", target: sws, meta });
    if (outcome.type !== "sws.discard") throw internalInvariant("discardSws got another command's outcome");
    return outcome.result;
  }

  /**
   * Merges an overlay into the system graph as one transaction, or records why it could not (docs/collapse.md).
   * `sws` is "3" or "sws:3". On success the overlay is COLLAPSED; on conflict it stays OPEN and unchanged.
   */
  collapse(sws: string, meta?: Meta): CollapseResult {
    const outcome = this.loop.execute({ type: "sws.collapse", target: sws, meta });
    if (outcome.type !== "sws.collapse") throw internalInvariant("collapse got another command's outcome");
    return outcome.result;
  }

  /** The same as `collapse`, named like createSws and discardSws. */
  collapseSws(sws: string, meta?: Meta): CollapseResult {
    return this.collapse(sws, meta);
  }

  /**
   * Resolves once history entries up to `idx` (default: every entry applied so far) are durable under the fsync
   * policy. A command's result means "applied"; it is acknowledged only after this resolves. Rejects with INTERNAL
   * if the WAL failed (the kernel then stops; restart it from its data directory). In-memory kernels resolve at
   * once.
   */
  durable(idx: number = this.history.length - 1): Promise<void> {
    // After close() the loop is stopped too, but what was logged stays durable: answer from the log then.
    if (this.loop.stopped !== null && !this.closed) return Promise.reject(this.loop.stopped);
    if (this.durableLog === null || idx < 0) return Promise.resolve();
    return this.durableLog.durable(idx);
  }

  /**
   * Waits until everything applied is durable, then releases the data directory. From the call on, every command
   * fails with a clear error before it changes anything (otherwise it would be applied in memory and then lost,
   * since the log no longer takes entries). In-memory kernels: no-op.
   */
  async close(): Promise<void> {
    const log = this.durableLog;
    if (log === null) return;
    const lastIdx = this.history.length - 1;
    this.closed ||= this.loop.stopped === null;
    this.loop.stop(
      new KernelError(
        "INTERNAL",
        "the kernel is closed (kernel.close() was called); open the data directory again with Kernel.open",
      ),
    );
    try {
      if (lastIdx >= 0) await log.durable(lastIdx).catch(() => undefined);
    } finally {
      await log.close();
    }
  }

  /**
   * Applies ops to an overlay as one all-or-nothing rewrite. `target` is "sws:<n>" or the bare id createSws
   * returned; the system view changes only by collapse.
   */
  apply(target: string, ops: RewriteOp | readonly RewriteOp[], meta?: Meta): ApplyResult {
    const outcome = this.loop.execute({ type: "rewrite", target, ops: Array.isArray(ops) ? ops : [ops], meta });
    if (outcome.type !== "rewrite") throw internalInvariant("apply got another command's outcome");
    return outcome.result;
  }

  /**
   * Runs a history entry again (recovery, verification) and checks that it reproduces the recorded receipt.
   * Entries must come in idx order starting at this kernel's next idx.
   */
  replay(entry: HistoryEntry): Receipt {
    return this.replayEncoded(encodeCanonical(entry as unknown as CanonicalValue));
  }

  /**
   * Replays one entry given as its canonical bytes (as the WAL stores it): runs its command and checks that the
   * entry it produces is the same bytes, so every digest, receipt, conflict list and normalized op is reproduced
   * bit for bit. Throws ReplayDivergence (INTERNAL) naming the idx and both entries otherwise.
   */
  replayEncoded(bytes: Uint8Array): Receipt {
    // Only the command is read from the bytes (ADR 0075): the comparison below checks every other field in full.
    const logged = readLoggedCommand(bytes);
    const decoded = logged === null ? (decodeCanonical(bytes) as unknown as HistoryEntry) : null;
    const recorded = (): HistoryEntry => decoded ?? (decodeCanonical(bytes) as unknown as HistoryEntry);
    const entryIdx = logged === null ? decoded!.idx : logged.idx;
    const idx = this.history.length;
    if (entryIdx !== idx) {
      throw new KernelError("INVALID_INPUT", `replay of idx ${entryIdx}, but the next idx is ${idx}`);
    }
    let receipt: Receipt;
    try {
      this.replaying = true;
      const outcome = this.loop.execute(logged === null ? commandOf(decoded!) : logged.command);
      receipt = receiptOf(outcome);
    } catch (error) {
      if (this.history.length !== idx) throw error; // the kernel stopped mid-commit: not a divergence to explain
      const reason = `rejected: ${error instanceof Error ? error.message : String(error)}`;
      throw new ReplayDivergence(idx, recorded(), reason);
    } finally {
      this.replaying = false;
    }
    const produced = this.history.encoded(idx);
    if (!Buffer.from(produced.buffer, produced.byteOffset, produced.byteLength).equals(bytes)) {
      this.loop.stop(new KernelError("INTERNAL", `replay diverged at idx ${idx}`));
      throw new ReplayDivergence(idx, recorded(), this.history.entry(idx));
    }
    return receipt;
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  /** The idx the next applied command will get (= number of history entries). */
  get nextIdx(): number {
    return this.history.length;
  }

  listSws(): SwsInfo[] {
    return this.overlays.list();
  }

  graph(view: string): GraphInfo {
    const parsed = parseView(view);
    const graph = this.graphOf(parsed);
    const digest = graph.digest();
    return {
      view: formatView(parsed),
      digest,
      snapshotId: digest,
      nodeCount: graph.nodeCount,
      edgeCount: graph.edgeCount,
    };
  }

  node(view: string, id: string): NodeRecord | null {
    return this.graphOf(parseView(view)).node(checkedId(id)) ?? null;
  }

  edge(view: string, id: string): EdgeRecord | null {
    return this.graphOf(parseView(view)).edge(checkedId(id)) ?? null;
  }

  /** Nodes in id order, `first` at a time after the id `after`. */
  nodes(view: string, page: PageRequest<string> = {}): Page<NodeRecord, string> {
    const graph = this.graphOf(parseView(view));
    const limit = pageSize(page.first);
    return toPage(graph.nodesAfter(idCursor(page.after), limit + 1), limit, (node) => node.id);
  }

  edges(view: string, page: PageRequest<string> = {}): Page<EdgeRecord, string> {
    const graph = this.graphOf(parseView(view));
    const limit = pageSize(page.first);
    return toPage(graph.edgesAfter(idCursor(page.after), limit + 1), limit, (edge) => edge.id);
  }

  /** History entries by idx, ascending; `view` restricts them to one view. */
  rewrites(page: RewritePageRequest = {}): Page<HistoryEntry, number> {
    const limit = pageSize(page.first);
    const view = page.view === undefined ? null : formatView(parseView(page.view, "/page/view"));
    const idxs = this.history.idxAfter(idxCursor(page.after), limit + 1, view);
    return toPage(
      idxs.map((idx) => this.history.entry(idx)),
      limit,
      (entry) => entry.idx,
    );
  }

  /**
   * A derived field of a view, computed by its fold from history (docs/folds.md): `derived("sws:0", "Task.state",
   * taskId)`, or a view-scoped fold's field without a record id.
   */
  derived(view: string, coordinate: string, recordId?: string): unknown {
    if (this.folds === null) throw new KernelError("NOT_FOUND", "this kernel runs no folds; create it with { folds }");
    const parsed = parseView(view);
    // A record the view does not hold has no derived fields there (rather than its fold's initial value).
    if (recordId !== undefined && this.graphOf(parsed).node(checkedId(recordId)) === undefined) {
      throw new KernelError("NOT_FOUND", `no node ${recordId} in view ${formatView(parsed)}`);
    }
    return this.folds.field(formatView(parsed), coordinate, recordId);
  }

  /** The canonical bytes of a history entry, as the log sink received them. */
  encodedEntry(idx: number): Uint8Array {
    if (!Number.isSafeInteger(idx) || idx < 0 || idx >= this.history.length) {
      throw new KernelError("NOT_FOUND", `no history entry ${idx}; entries are 0..${this.history.length - 1}`);
    }
    return this.history.encoded(idx);
  }

  // ---- recovery and checkpoints (used by Kernel.open and jitosctl replay; not for applications) ----------------

  /**
   * @internal Makes `entries` (the log below a checkpoint) this empty kernel's first history entries, read on
   * demand rather than kept in memory; folds, if any, still see every one of them now.
   */
  loadStoredHistory(entries: StoredEntries): void {
    this.history.attachStored(entries);
    if (this.folds === null) return;
    for (let idx = 0; idx < entries.length; idx++) {
      this.folds.ingest(decodeCanonical(entries.encoded(idx)) as unknown as HistoryEntry);
    }
  }

  /** @internal Installs a checkpoint's state; the history must hold exactly the entries it covers. */
  restoreCheckpoint(state: RestoredState): void {
    if (this.history.length !== state.nextIdx || this.system.nodeCount + this.system.edgeCount > 0) {
      throw internalInvariant(`restoring a checkpoint at idx ${state.nextIdx} into a kernel at ${this.history.length}`);
    }
    this.system = state.system;
    this.systemRewriteCount = state.systemRewriteCount;
    this.overlays.restore(state.overlays, state.nextSwsNumber);
  }

  /** @internal The state after the last entry, frozen in O(overlays); encode it with encodeCheckpoint. */
  captureCheckpoint(): CheckpointCapture {
    const nextIdx = this.history.length;
    if (nextIdx === 0) throw internalInvariant("a checkpoint needs at least one history entry");
    return {
      nextIdx,
      lastEntryHash: blake3Hex(this.history.encoded(nextIdx - 1)),
      system: this.system.snapshot(),
      overlays: this.overlays.list(),
      open: this.overlays.openEntries().map((entry) => ({
        id: entry.info.id,
        base: entry.base,
        graph: entry.graph.snapshot(),
      })),
      nextSwsNumber: Number(this.overlays.nextId),
      systemRewriteCount: this.systemRewriteCount,
    };
  }

  /** @internal From now on every entry goes to `log` too; `durable` and `close` use it. */
  attachDurableLog(log: DurableLog): void {
    if (this.durableLog !== null || this.logSink !== null) throw internalInvariant("the kernel already has a log");
    this.durableLog = log;
    this.logSink = log;
  }

  /** @internal Stops the command loop (the log failed); every later command is INTERNAL naming `reason`. */
  stop(reason: KernelError): void {
    this.loop.stop(reason);
  }

  // ---- the writer --------------------------------------------------------------------------------------------

  private graphOf(view: ParsedView): GraphState {
    return view.type === "system" ? this.system : this.overlays.openGraph(view.swsId);
  }

  private handle(command: Command): Outcome {
    this.history.checkCapacity();
    this.durableLog?.checkCapacity();
    switch (command.type) {
      case "rewrite":
        return this.handleRewrite(command.target, command.ops, command.meta);
      case "sws.create":
        return this.handleCreate(command.meta);
      case "sws.discard":
        return this.handleDiscard(command.target, command.meta);
      case "sws.collapse":
        return this.handleCollapse(command.target, command.meta);
      case "policy.deny":
        return this.commitDenial(command.target, checkedMeta(command.meta), command.denial);
    }
  }

  private handleRewrite(target: unknown, ops: unknown, rawMeta: unknown): Outcome {
    let cached = this.lastRewriteTarget;
    if (cached === null || target !== cached.given) {
      const parsed = parseTarget(target);
      if (parsed.type === "system") {
        throw new KernelError(
          "FORBIDDEN",
          "the system view changes only by collapsing an overlay; apply to an overlay instead " +
            "(const sws = kernel.createSws(); kernel.apply(sws, ops)) and collapse it",
        );
      }
      // parseTarget accepts only strings, so `target` is the string that parsed.
      cached = { given: target as string, swsId: parsed.swsId, viewName: formatView(parsed) };
      this.lastRewriteTarget = cached;
    }
    const graph = this.overlays.openGraph(cached.swsId);
    const meta = checkedMeta(rawMeta);
    const viewName = cached.viewName;
    const plan = planRewrite({ domain: this.domain, view: graph, viewName, atDigest: graph.digest() }, ops);
    if (this.policy !== null && !this.replaying) {
      const read = policyReader(graph, this.folds, viewName);
      const denial = this.policy.check({ view: viewName, ops: plan.ops, meta, read });
      if (denial !== null) {
        const idx = this.history.length;
        this.commitDenial(viewName, meta, denialRecord(denial));
        throw forbidden(denial, idx);
      }
    }
    return commitPhase(() => {
      commitMutations(graph, plan.mutations);
      const rewriteIdx = this.overlays.countRewrite(cached.swsId, plan.ops.length);
      const idx = this.history.length;
      const receipt: Receipt = { rewriteIdx, view: viewName, viewDigest: graph.digest() };
      this.record({ idx, type: "rewrite", view: viewName, ops: plan.ops, meta, receipt }, plan.opBytes);
      return { type: "rewrite", result: { idx, receipt, created: plan.created } };
    });
  }

  private handleCreate(rawMeta: unknown): Outcome {
    const meta = checkedMeta(rawMeta);
    this.overlays.checkCanCreate();
    return commitPhase(() => {
      const idx = this.history.length;
      const snapshot = this.system.snapshot();
      const info = this.overlays.create(GraphState.fromSnapshot(snapshot), snapshot, idx);
      const receipt: Receipt = { rewriteIdx: info.rewriteCount, view: info.view, viewDigest: snapshot.digest };
      const base = { view: "system", digest: snapshot.digest } as const;
      this.record({ idx, type: "sws.create", view: info.view, base, meta, receipt });
      return { type: "sws.create", info, receipt };
    });
  }

  private handleDiscard(target: unknown, rawMeta: unknown): Outcome {
    const view = parseTarget(target);
    if (view.type === "system") throw invalidInput("/view", "the system view cannot be discarded; name an overlay");
    const graph = this.overlays.openGraph(view.swsId);
    const meta = checkedMeta(rawMeta);
    return commitPhase(() => {
      const idx = this.history.length;
      const viewName = swsView(view.swsId);
      const rewriteIdx = this.overlays.rewriteCount(view.swsId);
      const receipt: Receipt = { rewriteIdx, view: viewName, viewDigest: graph.digest() };
      this.overlays.discard(view.swsId, idx);
      this.record({ idx, type: "sws.discard", view: viewName, meta, receipt });
      return { type: "sws.discard", result: { idx, receipt } };
    });
  }

  private handleCollapse(target: unknown, rawMeta: unknown): Outcome {
    const view = parseTarget(target);
    if (view.type === "system") throw invalidInput("/view", "the system view cannot be collapsed; name an overlay");
    const graph = this.overlays.openGraph(view.swsId);
    const base = this.overlays.baseSnapshot(view.swsId);
    const info = this.overlays.info(view.swsId);
    if (base === undefined || info === undefined) throw internalInvariant(`open sws:${view.swsId} has no base`);
    const meta = checkedMeta(rawMeta);
    const plan = planCollapse(this.system, base, graph);
    const overlayDigest = graph.digest();
    return commitPhase(() => {
      const idx = this.history.length;
      const viewName = swsView(view.swsId);
      // A committed collapse is the system view's next rewrite; a conflicting one leaves the count as it was.
      const rewriteIdx = this.systemRewriteCount;
      if (plan.ok) {
        if (plan.adoptOverlay) this.system.adopt(graph);
        else commitMutations(this.system, plan.mutations);
        this.overlays.markCollapsed(view.swsId, idx);
        this.systemRewriteCount += 1;
      }
      const receipt: CollapseReceipt = {
        rewriteIdx,
        view: "system",
        viewDigest: this.system.digest(),
        committed: plan.ok,
        baseDigest: base.digest,
        overlayDigest,
        rewritesMerged: plan.ok ? info.rewriteCount : 0,
        opsMerged: plan.ok ? info.opCount : 0,
        changes: plan.ok ? plan.changes : no_changes,
      };
      const found = plan.ok ? [] : plan.conflicts;
      const conflicts = found.slice(0, collapse_conflicts_listed_max);
      this.record({
        idx,
        type: "sws.collapse",
        view: viewName,
        meta,
        committed: plan.ok,
        conflictCount: found.length,
        conflicts,
        receipt,
      });
      const result: CollapseResult = plan.ok
        ? { committed: true, idx, receipt }
        : {
            committed: false,
            idx,
            code: "CONFLICT",
            message: conflictMessage(viewName, found),
            conflictCount: found.length,
            conflicts,
            ids: conflicts.map((conflict) => conflict.id),
            receipt,
          };
      return { type: "sws.collapse", result };
    });
  }

  /** A refused rewrite is history too (docs/policy.md): who, what, which rule; the view does not change. */
  private commitDenial(target: unknown, meta: Meta, denial: DenialRecord): Outcome {
    const view = parseTarget(target);
    if (view.type === "system") throw internalInvariant("a policy denial recorded against the system view");
    const graph = this.overlays.openGraph(view.swsId);
    return commitPhase(() => {
      const idx = this.history.length;
      const viewName = swsView(view.swsId);
      const rewriteIdx = this.overlays.rewriteCount(view.swsId);
      const receipt: Receipt = { rewriteIdx, view: viewName, viewDigest: graph.digest() };
      this.record({ idx, type: "policy.deny", view: viewName, meta, ...denial, receipt });
      return { type: "policy.deny", receipt };
    });
  }

  private record(entry: HistoryEntry, opBytes: Uint8Array | null = null): void {
    this.history.append(entry, opBytes);
    this.logSink?.append(entry, this.history.encoded(entry.idx));
    this.folds?.ingest(entry);
  }
}

function checkedId(id: unknown): string {
  if (!isRecordId(id)) throw invalidInput("/id", "expected a record id (64 lowercase hex characters)");
  return id;
}

const empty_meta: Meta = Object.freeze({});

/** Meta is the caller's plain data (who, why, correlation ids), copied and size-limited; the kernel adds nothing. */
function checkedMeta(meta: unknown): Meta {
  if (meta === undefined) return empty_meta;
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || !isPlainObject(meta)) {
    throw invalidInput("/meta", "expected a plain object of caller data (or nothing)");
  }
  const copy = frozenCopy(meta, "/meta") as Meta;
  let bytes: number;
  try {
    bytes = withCanonicalBytes(copy, (encoded) => encoded.length);
  } catch (error) {
    if (!(error instanceof CanonicalEncodeError)) throw error;
    throw invalidInput("/meta", `has no canonical encoding: ${error.message}`);
  }
  if (bytes > meta_bytes_max) {
    throw invalidInput("/meta", `encodes to ${bytes} bytes, over meta_bytes_max (${meta_bytes_max})`);
  }
  return copy;
}

function conflictMessage(view: string, conflicts: readonly CollapseConflict[]): string {
  const first = conflicts[0]!;
  const more = conflicts.length > 1 ? ` and ${conflicts.length - 1} more` : "";
  const what: Record<CollapseConflict["reason"], string> = {
    EXISTS_DIFFERENT: "was created by the overlay but the system holds that id with different content",
    CHANGED_IN_SYSTEM: "was changed by the overlay and also by the system since the overlay's snapshot",
    DANGLING_REFERENCE: "would be left referring to a node missing from the merged graph",
  };
  return (
    `collapse of ${view} conflicts (nothing was merged; the attempt is recorded): ${first.table} ${first.id} ` +
    `${what[first.reason]}${more}. Discard the overlay, or redo its work on a new overlay over the current system.`
  );
}

function receiptOf(outcome: Outcome): Receipt {
  switch (outcome.type) {
    case "rewrite":
    case "sws.collapse":
    case "sws.discard":
      return outcome.result.receipt;
    case "sws.create":
    case "policy.deny":
      return outcome.receipt;
  }
}

function commandOf(entry: HistoryEntry): Command {
  switch (entry.type) {
    case "rewrite":
      return { type: "rewrite", target: entry.view, ops: entry.ops as unknown[], meta: entry.meta };
    case "sws.create":
      return { type: "sws.create", meta: entry.meta };
    case "sws.discard":
      return { type: "sws.discard", target: entry.view, meta: entry.meta };
    case "sws.collapse":
      return { type: "sws.collapse", target: entry.view, meta: entry.meta };
    case "policy.deny": {
      const { principal, op, opIndex, rule, missing } = entry;
      return {
        type: "policy.deny",
        target: entry.view,
        meta: entry.meta,
        denial: { principal, op, opIndex, rule, missing },
      };
    }
  }
}
