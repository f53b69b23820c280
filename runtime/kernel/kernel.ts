// The kernel: the system graph, the overlays over it, and the history of everything applied, behind one writer.
// Every mutation is a Command run by the CommandLoop; reads go straight to the current state.
//
// Each command is checked and planned first (nothing changes; any failure is a rejection with a KernelError) and
// then committed inside `commitPhase` (state changes, the history entry is appended, the log sink sees it). The
// entry carries everything needed to run the command again, so `replay(entry)` on a fresh kernel rebuilds the
// same state and must reproduce the same receipt (docs/adr/0024-single-writer-and-history.md).

import { CanonicalEncodeError, withCanonicalBytes } from "../canonical/index.js";
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
import type { HistoryEntry, LogSink, Meta, Receipt } from "./history.js";
import { meta_bytes_max } from "./limits.js";
import { idCursor, idxCursor, pageSize, toPage } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";

export interface KernelOptions {
  /** The generated domain (`generated/domain.ts`) or a hand-written DomainSpec. */
  readonly domain: DomainSpec;
  /** Receives every history entry as it is applied (the WAL, in issue 4). */
  readonly logSink?: LogSink;
}

export interface ApplyResult {
  readonly receipt: Receipt;
  /** Records the rewrite created, in op order, with their derived ids. */
  readonly created: readonly CreatedRecord[];
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

type Outcome =
  | { readonly type: "rewrite"; readonly result: ApplyResult }
  | { readonly type: "sws.create"; readonly info: SwsInfo; readonly receipt: Receipt }
  | { readonly type: "sws.discard"; readonly receipt: Receipt };

export class Kernel {
  private readonly domain: DomainIndex;
  private readonly system = GraphState.empty();
  private readonly overlays = new SwsRegistry();
  private readonly history = new History();
  private readonly loop: CommandLoop<Outcome>;
  private readonly logSink: LogSink | null;

  private constructor(options: KernelOptions) {
    this.domain = indexDomain(options.domain);
    this.logSink = options.logSink ?? null;
    this.loop = new CommandLoop((command) => this.handle(command));
  }

  /** An in-memory kernel (no WAL yet: issue 4 adds `Kernel.open({ dataDir })`). */
  static create(options: KernelOptions): Kernel {
    return new Kernel(options);
  }

  // ---- commands ----------------------------------------------------------------------------------------------

  /** Opens an overlay over the current system snapshot; returns its id ("0", "1", ...). */
  createSws(meta?: Meta): string {
    const outcome = this.loop.execute({ type: "sws.create", meta });
    if (outcome.type !== "sws.create") throw internalInvariant("createSws got another command's outcome");
    return outcome.info.id;
  }

  /** Drops an overlay's changes; the discard is recorded in the history. `sws` is "3" or "sws:3". */
  discardSws(sws: string, meta?: Meta): Receipt {
    const outcome = this.loop.execute({ type: "sws.discard", target: sws, meta });
    if (outcome.type !== "sws.discard") throw internalInvariant("discardSws got another command's outcome");
    return outcome.receipt;
  }

  /**
   * Applies ops to an overlay as one all-or-nothing rewrite. `target` is "sws:<n>" or the bare id createSws
   * returned; the system view changes only by collapse (issue 4).
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
    if (entry.idx !== this.history.length) {
      throw new KernelError("INVALID_INPUT", `replay of idx ${entry.idx}, but the next idx is ${this.history.length}`);
    }
    const outcome = this.loop.execute(commandOf(entry));
    const receipt = outcome.type === "rewrite" ? outcome.result.receipt : outcome.receipt;
    if (receipt.view !== entry.receipt.view || receipt.viewDigest !== entry.receipt.viewDigest) {
      throw new KernelError(
        "INTERNAL",
        `replay diverged at idx ${entry.idx}: recorded ${entry.receipt.view} digest ${entry.receipt.viewDigest}, ` +
          `replay gives ${receipt.view} digest ${receipt.viewDigest}`,
      );
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

  /** The canonical bytes of a history entry, as the log sink received them. */
  encodedEntry(idx: number): Uint8Array {
    if (!Number.isSafeInteger(idx) || idx < 0 || idx >= this.history.length) {
      throw new KernelError("NOT_FOUND", `no history entry ${idx}; entries are 0..${this.history.length - 1}`);
    }
    return this.history.encoded(idx);
  }

  // ---- the writer --------------------------------------------------------------------------------------------

  private graphOf(view: ParsedView): GraphState {
    return view.type === "system" ? this.system : this.overlays.openGraph(view.swsId);
  }

  private handle(command: Command): Outcome {
    this.history.checkCapacity();
    switch (command.type) {
      case "rewrite":
        return this.handleRewrite(command.target, command.ops, command.meta);
      case "sws.create":
        return this.handleCreate(command.meta);
      case "sws.discard":
        return this.handleDiscard(command.target, command.meta);
    }
  }

  private handleRewrite(target: unknown, ops: unknown, rawMeta: unknown): Outcome {
    const view = parseTarget(target);
    if (view.type === "system") {
      throw new KernelError(
        "FORBIDDEN",
        "the system view changes only by collapsing an overlay; apply to an overlay instead " +
          "(const sws = kernel.createSws(); kernel.apply(sws, ops)) and collapse it",
      );
    }
    const graph = this.overlays.openGraph(view.swsId);
    const meta = checkedMeta(rawMeta);
    const viewName = formatView(view);
    const plan = planRewrite({ domain: this.domain, view: graph, viewName, atDigest: graph.digest() }, ops);
    return commitPhase(() => {
      commitMutations(graph, plan.mutations);
      const idx = this.history.length;
      const receipt: Receipt = { rewriteIdx: idx, view: viewName, viewDigest: graph.digest() };
      this.record({ idx, type: "rewrite", view: viewName, ops: plan.ops, meta, receipt }, plan.opBytes);
      return { type: "rewrite", result: { receipt, created: plan.created } };
    });
  }

  private handleCreate(rawMeta: unknown): Outcome {
    const meta = checkedMeta(rawMeta);
    this.overlays.checkCanCreate();
    return commitPhase(() => {
      const idx = this.history.length;
      const snapshot = this.system.snapshot();
      const info = this.overlays.create(GraphState.fromSnapshot(snapshot), snapshot, idx);
      const receipt: Receipt = { rewriteIdx: idx, view: info.view, viewDigest: snapshot.digest };
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
      const receipt: Receipt = { rewriteIdx: idx, view: viewName, viewDigest: graph.digest() };
      this.overlays.discard(view.swsId, idx);
      this.record({ idx, type: "sws.discard", view: viewName, meta, receipt });
      return { type: "sws.discard", receipt };
    });
  }

  private record(entry: HistoryEntry, opBytes: readonly Uint8Array[] | null = null): void {
    const encoded = this.history.append(entry, opBytes);
    this.logSink?.append(entry, encoded);
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

function commandOf(entry: HistoryEntry): Command {
  switch (entry.type) {
    case "rewrite":
      return { type: "rewrite", target: entry.view, ops: entry.ops as unknown[], meta: entry.meta };
    case "sws.create":
      return { type: "sws.create", meta: entry.meta };
    case "sws.discard":
      return { type: "sws.discard", target: entry.view, meta: entry.meta };
  }
}
