// Kernel values shaped as the API's output objects. Records carry the view they were read from, so typed edge
// endpoints (fromNode/toNode) resolve in the same view; history entries convert to JSON once and lazily, because
// a subscription event is resolved once per subscriber.
import type { EdgeRecord, NodeRecord } from "../../graph/record.js";
import type { HistoryEntry, Receipt } from "../../kernel/index.js";
import type { Kernel } from "../../kernel/index.js";
import type { SwsInfo } from "../../sws/registry.js";
import { toJson } from "./json.js";
import type { Json } from "./json.js";
import { viewObjectOf } from "./views.js";
import type { ViewObject } from "./views.js";

export interface ReceiptObject {
  readonly rewriteIdx: number;
  /** The history entry's idx (ADR 0028: rewriteIdx numbers rewrites per view; idx orders all history). */
  readonly idx: number;
  readonly view: ViewObject;
  readonly viewDigest: string;
}

export function receiptObject(receipt: Receipt, idx: number): ReceiptObject {
  return { rewriteIdx: receipt.rewriteIdx, idx, view: viewObjectOf(receipt.view), viewDigest: receipt.viewDigest };
}

export interface SwsObject {
  readonly id: string;
  readonly view: ViewObject;
  readonly state: string;
  readonly baseDigest: string;
  readonly createdAtIdx: number;
  readonly discardedAtIdx: number | null;
  readonly collapsedAtIdx: number | null;
}

export function swsObject(info: SwsInfo): SwsObject {
  return {
    id: info.id,
    view: viewObjectOf(info.view),
    state: info.state,
    baseDigest: info.baseDigest,
    createdAtIdx: info.createdAtIdx,
    discardedAtIdx: info.discardedAtIdx,
    collapsedAtIdx: info.collapsedAtIdx ?? null,
  };
}

/** Marks the object a record's GraphQL type resolves to: its kind when registered, else V0Node / V0Edge. */
export const record_view = Symbol("view");

export type NodeObject = { readonly [record_view]: string; readonly id: string; readonly kind: string; readonly attrs: Json } & {
  readonly [field: string]: unknown;
};

export function nodeObject(view: string, node: NodeRecord): NodeObject {
  const out: { [key: string | symbol]: unknown } = {};
  for (const [field, value] of Object.entries(node.attrs)) define(out, field, toJson(value));
  out[record_view] = view;
  out["id"] = node.id;
  out["kind"] = node.kind;
  out["attrs"] = toJson(node.attrs);
  return out as NodeObject;
}

export function edgeObject(kernel: Kernel, view: string, edge: EdgeRecord): NodeObject {
  const out = nodeObject(view, { id: edge.id, kind: edge.kind, attrs: edge.attrs }) as unknown as { [key: string]: unknown };
  out["from"] = edge.from;
  out["to"] = edge.to;
  // Functions: graphql-js calls them only when the client selects the endpoint.
  out["fromNode"] = () => nodeOrNull(kernel, view, edge.from);
  out["toNode"] = () => nodeOrNull(kernel, view, edge.to);
  return out as unknown as NodeObject;
}

function nodeOrNull(kernel: Kernel, view: string, id: string): NodeObject | null {
  const node = kernel.node(view, id);
  return node === null ? null : nodeObject(view, node);
}

function define(target: { [key: string]: unknown }, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A history entry as the Rewrite type; the JSON forms are computed on first use and shared by every reader. */
export class RewriteObject {
  private opsJson: Json[] | undefined;
  private metaJson: Json | undefined;
  private entryJson: Json | undefined;
  readonly idx: number;
  readonly type: string;
  readonly view: ViewObject;
  readonly receipt: ReceiptObject;

  constructor(private readonly source: HistoryEntry) {
    this.idx = source.idx;
    this.type = source.type;
    this.view = viewObjectOf(source.view);
    this.receipt = receiptObject(source.receipt, source.idx);
  }

  /** The views whose subscribers see this entry: its own, and the system view for a collapse. */
  get views(): readonly string[] {
    return this.source.type === "sws.collapse" ? [this.source.view, "system"] : [this.source.view];
  }

  get ops(): Json[] {
    return (this.opsJson ??= this.source.type === "rewrite" ? this.source.ops.map(toJson) : []);
  }

  get meta(): Json {
    return (this.metaJson ??= toJson(this.source.meta));
  }

  get entry(): Json {
    return (this.entryJson ??= toJson(this.source));
  }
}
