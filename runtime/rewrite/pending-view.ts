// The view as the ops of one batch see it while it is being planned: the committed state plus the batch's own
// earlier changes. Nothing reaches the committed state until every op of the batch has been planned.
import type { GraphReader } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";

export class PendingView implements GraphReader {
  // Created on first write: most rewrites are one op and never read back their own changes.
  private nodes: Map<string, NodeRecord | null> | null = null;
  private edges: Map<string, EdgeRecord | null> | null = null;
  private refDeltas: Map<string, number> | null = null;
  /** Set while the batch's last op is planned: nothing reads its writes, so they are not kept. */
  private lastOp = false;

  constructor(private readonly base: GraphReader) {}

  /** The op planned next is the batch's last (a one-op rewrite's only op): its writes need no bookkeeping. */
  planningLastOp(): void {
    this.lastOp = true;
  }

  node(id: string): NodeRecord | undefined {
    const pending = this.nodes?.get(id);
    if (pending === undefined) return this.base.node(id);
    return pending ?? undefined;
  }

  edge(id: string): EdgeRecord | undefined {
    const pending = this.edges?.get(id);
    if (pending === undefined) return this.base.edge(id);
    return pending ?? undefined;
  }

  incidentEdgeCount(nodeId: string): number {
    // A node created in this batch is absent from the base, which then counts 0 for it.
    return this.base.incidentEdgeCount(nodeId) + (this.refDeltas?.get(nodeId) ?? 0);
  }

  putNode(record: NodeRecord): void {
    if (this.lastOp) return;
    (this.nodes ??= new Map()).set(record.id, record);
  }

  deleteNode(id: string): void {
    if (this.lastOp) return;
    (this.nodes ??= new Map()).set(id, null);
  }

  putEdge(record: EdgeRecord, isNew: boolean): void {
    if (this.lastOp) return;
    (this.edges ??= new Map()).set(record.id, record);
    if (isNew) {
      this.adjustRefs(record.from, 1);
      this.adjustRefs(record.to, 1);
    }
  }

  deleteEdge(record: EdgeRecord): void {
    if (this.lastOp) return;
    (this.edges ??= new Map()).set(record.id, null);
    this.adjustRefs(record.from, -1);
    this.adjustRefs(record.to, -1);
  }

  private adjustRefs(nodeId: string, delta: number): void {
    const deltas = (this.refDeltas ??= new Map());
    deltas.set(nodeId, (deltas.get(nodeId) ?? 0) + delta);
  }
}
