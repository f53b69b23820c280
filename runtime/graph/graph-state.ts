// One view's graph: a node table and an edge table (persistent Merkle tries) plus the writer token that decides
// which trie nodes this state may change in place. Mutations here are primitive and trusted: the rewrite layer
// has validated them; a precondition that fails anyway is a kernel bug and throws INTERNAL.
import { internalInvariant } from "../errors/index.js";
import { tablesDigestHex } from "./trie-hasher.js";
import type { EdgeRecord, NodeRecord } from "./record.js";
import {
  emptyTable,
  newOwner,
  tableAdjustRefs,
  tableCount,
  tableDiff,
  tableFromSorted,
  tableGet,
  tableInsert,
  tableIsClean,
  tableRecordHash,
  tableRefs,
  tableRemove,
  tableReplace,
  tableSlice,
} from "./record-table.js";
import type { TableChange, TrieNode } from "./record-table.js";

/**
 * A frozen version of a view: the two table roots and their digest. Nobody mutates the nodes of a snapshot in
 * place (taking one re-tokens the state it came from), so it stays valid while both sides move on.
 */
export interface GraphSnapshot {
  readonly nodes: TrieNode<NodeRecord>;
  readonly edges: TrieNode<EdgeRecord>;
  readonly digest: string;
}

export interface GraphChanges {
  readonly nodes: readonly TableChange<NodeRecord>[];
  readonly edges: readonly TableChange<EdgeRecord>[];
}

/** Reads every view offers; the rewrite layer validates ops against this. */
export interface GraphReader {
  node(id: string): NodeRecord | undefined;
  edge(id: string): EdgeRecord | undefined;
  /** Edges that start or end at the node. */
  incidentEdgeCount(nodeId: string): number;
}

export class GraphState implements GraphReader {
  private nodeRoot: TrieNode<NodeRecord>;
  private edgeRoot: TrieNode<EdgeRecord>;
  private owner: number;
  private cachedDigest: string | null = null;

  private constructor(nodeRoot: TrieNode<NodeRecord>, edgeRoot: TrieNode<EdgeRecord>) {
    this.nodeRoot = nodeRoot;
    this.edgeRoot = edgeRoot;
    this.owner = newOwner();
  }

  static empty(): GraphState {
    return new GraphState(emptyTable(), emptyTable());
  }

  /** This state as it is now, frozen. O(1): later writes here copy the nodes the snapshot shares. */
  snapshot(): GraphSnapshot {
    const digest = this.digest(); // a shared node must never wait for re-hashing: two writers would fill it in
    this.owner = newOwner();
    return { nodes: this.nodeRoot, edges: this.edgeRoot, digest };
  }

  /**
   * A state holding exactly these records (each list sorted by id, hashes in the same order), built in one pass
   * (checkpoint loading). Every edge's endpoints must be among the nodes.
   */
  static fromSortedRecords(
    nodes: NodeRecord[],
    nodeHashes: readonly Uint8Array[],
    edges: EdgeRecord[],
    edgeHashes: readonly Uint8Array[],
  ): GraphState {
    const incident = new Map<string, number>();
    for (const edge of edges) {
      incident.set(edge.from, (incident.get(edge.from) ?? 0) + 1);
      incident.set(edge.to, (incident.get(edge.to) ?? 0) + 1);
    }
    const refs = nodes.map((node) => incident.get(node.id) ?? 0);
    const referenced = refs.reduce((sum, count) => sum + count, 0);
    if (referenced !== edges.length * 2) throw internalInvariant("an edge refers to a node that is not in the state");
    const owner = newOwner();
    const state = new GraphState(
      tableFromSorted(nodes, nodeHashes, refs, owner),
      tableFromSorted(edges, edgeHashes, new Array<number>(edges.length).fill(0), owner),
    );
    state.owner = owner;
    return state;
  }

  /**
   * True when this state's tables are the very ones `snapshot` froze. Every write after a snapshot copies the root
   * (the snapshot retired the owner token), so this is "nothing was written since", checked in O(1).
   */
  isAt(snapshot: GraphSnapshot): boolean {
    return this.nodeRoot === snapshot.nodes && this.edgeRoot === snapshot.edges;
  }

  /**
   * Makes this state hold exactly what `source` holds, sharing all of its storage: a collapse onto a system that
   * has not changed since the overlay's snapshot (docs/adr/0076-collapse-by-adoption.md). O(1) once `source` is
   * hashed. Both states get fresh owner tokens, so neither changes the shared nodes in place afterwards.
   */
  adopt(source: GraphState): void {
    const digest = source.digest(); // a shared node must never wait for re-hashing: two writers would fill it in
    source.owner = newOwner();
    this.nodeRoot = source.nodeRoot;
    this.edgeRoot = source.edgeRoot;
    this.owner = newOwner();
    this.cachedDigest = digest;
  }

  /** A writable state starting from `snapshot`, sharing all of its storage (an overlay over its base). */
  static fromSnapshot(snapshot: GraphSnapshot): GraphState {
    return new GraphState(snapshot.nodes, snapshot.edges);
  }

  /**
   * A new state that starts equal to this one and shares all of its storage. Both sides copy shared trie nodes on
   * their next write, so neither can see the other's later changes: O(1) now, O(depth) per later write.
   */
  fork(): GraphState {
    return GraphState.fromSnapshot(this.snapshot());
  }

  /** Records that differ from `base` (inserted, removed, changed), in id order; O(changes x depth). */
  changesSince(base: GraphSnapshot): GraphChanges {
    return { nodes: tableDiff(base.nodes, this.nodeRoot), edges: tableDiff(base.edges, this.edgeRoot) };
  }

  node(id: string): NodeRecord | undefined {
    return tableGet(this.nodeRoot, id);
  }

  edge(id: string): EdgeRecord | undefined {
    return tableGet(this.edgeRoot, id);
  }

  incidentEdgeCount(nodeId: string): number {
    return tableRefs(this.nodeRoot, nodeId);
  }

  nodeRecordHash(id: string): Uint8Array | undefined {
    return tableRecordHash(this.nodeRoot, id);
  }

  edgeRecordHash(id: string): Uint8Array | undefined {
    return tableRecordHash(this.edgeRoot, id);
  }

  get nodeCount(): number {
    return tableCount(this.nodeRoot);
  }

  get edgeCount(): number {
    return tableCount(this.edgeRoot);
  }

  /** Nodes with id > after, in id order, at most `limit`. */
  nodesAfter(after: string | null, limit: number): NodeRecord[] {
    return tableSlice(this.nodeRoot, after, limit);
  }

  edgesAfter(after: string | null, limit: number): EdgeRecord[] {
    return tableSlice(this.edgeRoot, after, limit);
  }

  insertNode(record: NodeRecord, hash: Uint8Array): void {
    this.nodeRoot = tableInsert(this.nodeRoot, record, hash, this.owner);
    this.cachedDigest = null;
  }

  replaceNode(record: NodeRecord, hash: Uint8Array): void {
    this.nodeRoot = tableReplace(this.nodeRoot, record, hash, this.owner);
    this.cachedDigest = null;
  }

  removeNode(id: string): void {
    const refs = tableRefs(this.nodeRoot, id);
    if (refs !== 0) throw internalInvariant(`removing node ${id} that ${refs} edges still reference`);
    this.nodeRoot = tableRemove(this.nodeRoot, id, this.owner);
    this.cachedDigest = null;
  }

  insertEdge(record: EdgeRecord, hash: Uint8Array): void {
    // Endpoint reference counts make "does this node still have edges" O(depth) instead of a scan.
    this.nodeRoot = tableAdjustRefs(this.nodeRoot, record.from, 1, this.owner);
    this.nodeRoot = tableAdjustRefs(this.nodeRoot, record.to, 1, this.owner);
    this.edgeRoot = tableInsert(this.edgeRoot, record, hash, this.owner);
    this.cachedDigest = null;
  }

  replaceEdge(record: EdgeRecord, hash: Uint8Array): void {
    const old = tableGet(this.edgeRoot, record.id);
    if (old === undefined || old.from !== record.from || old.to !== record.to) {
      throw internalInvariant(`replacing edge ${record.id} must keep its endpoints`);
    }
    this.edgeRoot = tableReplace(this.edgeRoot, record, hash, this.owner);
    this.cachedDigest = null;
  }

  removeEdge(id: string): void {
    const old = tableGet(this.edgeRoot, id);
    if (old === undefined) throw internalInvariant(`removing edge ${id}, which the view does not hold`);
    this.edgeRoot = tableRemove(this.edgeRoot, id, this.owner);
    this.nodeRoot = tableAdjustRefs(this.nodeRoot, old.from, -1, this.owner);
    this.nodeRoot = tableAdjustRefs(this.nodeRoot, old.to, -1, this.owner);
    this.cachedDigest = null;
  }

  /** The view digest (hex); re-hashes only what changed since the last call. */
  digest(): string {
    if (this.cachedDigest === null) {
      this.cachedDigest = tablesDigestHex(this.nodeRoot, this.edgeRoot);
    }
    return this.cachedDigest;
  }

  /** Test hook: true when every cached hash is filled in. */
  isClean(): boolean {
    return tableIsClean(this.nodeRoot) && tableIsClean(this.edgeRoot);
  }
}
