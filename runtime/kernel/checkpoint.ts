// A checkpoint: the kernel's whole state after entry `nextIdx - 1`, so a restart replays only the log after it.
// It holds the system view, every overlay's info, and for each open overlay its base snapshot and its graph, each
// stored as a patch against the layer below (base against system, overlay against base) so an overlay costs what
// it changed, not the graph size. Loading rebuilds every layer, re-hashing every record, and verifies each
// digest: a checkpoint that does not reproduce its digests is refused (docs/adr/0066-kernel-checkpoints.md).
//
// Bytes: a sequence of chunks, each a u32 big-endian length followed by one canonical CBOR value:
//   { t: "header", version: "kernel-checkpoint-v2", nextIdx, lastEntryHash, systemDigest, nodeCount, edgeCount,
//     nextSwsNumber, systemRewriteCount, overlays: [SwsInfo + { overlayDigest } for open ones] }
//   { t: "n" | "e", r: [record, ...] }                        system nodes / edges, id order
//   { t: "bn" | "be" | "on" | "oe", sws, r: [[id, record | null], ...] }   base / overlay patches
// Chunks keep every canonical value far below canonical_bytes_max whatever the graph size.
import { decodeCanonical, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { edge_record_tag, encodeEdgeRecordHash, encodeNodeRecordHash, node_record_tag } from "../digest/index.js";
import { GraphState } from "../graph/graph-state.js";
import type { GraphSnapshot } from "../graph/graph-state.js";
import type { EdgeRecord, NodeRecord } from "../graph/record.js";
import type { SwsInfo } from "../sws/registry.js";
import { ChunkLayoutError, RecordHasher } from "./checkpoint-records.js";
import { checkpoint_chunk_records } from "./limits.js";

export const checkpoint_version = "kernel-checkpoint-v2";

/** The state at one idx, frozen (snapshots are O(1) and stay valid while the kernel moves on). */
export interface CheckpointCapture {
  readonly nextIdx: number;
  /** BLAKE3 hex of the canonical bytes of entry nextIdx - 1 (ties the checkpoint to one log). */
  readonly lastEntryHash: string;
  readonly system: GraphSnapshot;
  /** Every overlay ever created, by id. */
  readonly overlays: readonly SwsInfo[];
  readonly open: readonly { readonly id: string; readonly base: GraphSnapshot; readonly graph: GraphSnapshot }[];
  readonly nextSwsNumber: number;
  /** Committed collapses so far: the next system receipt's rewriteIdx (ADR 0028). */
  readonly systemRewriteCount: number;
}

export interface RestoredState {
  readonly nextIdx: number;
  readonly lastEntryHash: string;
  readonly system: GraphState;
  readonly overlays: readonly { info: SwsInfo; graph: GraphState | null; base: GraphSnapshot | null }[];
  readonly nextSwsNumber: number;
  readonly systemRewriteCount: number;
}

export class CheckpointError extends Error {
  override readonly name = "CheckpointError";
}

interface Header {
  readonly t: "header";
  readonly version: string;
  readonly nextIdx: number;
  readonly lastEntryHash: string;
  readonly systemDigest: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly nextSwsNumber: number;
  readonly systemRewriteCount: number;
  readonly overlays: readonly (SwsInfo & { readonly overlayDigest?: string })[];
}

type PatchEntry<R> = readonly [string, R | null];

// ---- encoding ------------------------------------------------------------------------------------------------

/** Chunks encoded between event-loop turns, so a big checkpoint does not stall the writer for its whole length. */
const chunks_per_turn = 64;

export async function encodeCheckpoint(capture: CheckpointCapture): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let sinceYield = 0;
  const push = async (value: unknown): Promise<void> => {
    const bytes = encodeCanonical(value as CanonicalValue);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
    if (++sinceYield >= chunks_per_turn) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const system = GraphState.fromSnapshot(capture.system);
  const openDigest = new Map(capture.open.map((layer) => [layer.id, layer.graph.digest]));
  const header: Header = {
    t: "header",
    version: checkpoint_version,
    nextIdx: capture.nextIdx,
    lastEntryHash: capture.lastEntryHash,
    systemDigest: capture.system.digest,
    nodeCount: system.nodeCount,
    edgeCount: system.edgeCount,
    nextSwsNumber: capture.nextSwsNumber,
    systemRewriteCount: capture.systemRewriteCount,
    overlays: capture.overlays.map((info) => {
      const overlayDigest = openDigest.get(info.id);
      return overlayDigest === undefined ? info : { ...info, overlayDigest };
    }),
  };
  await push(header);
  for (let after: string | null = null; ;) {
    const records = system.nodesAfter(after, checkpoint_chunk_records);
    if (records.length === 0) break;
    await push({ t: "n", r: records });
    after = records[records.length - 1]!.id;
  }
  for (let after: string | null = null; ;) {
    const records = system.edgesAfter(after, checkpoint_chunk_records);
    if (records.length === 0) break;
    await push({ t: "e", r: records });
    after = records[records.length - 1]!.id;
  }
  for (const layer of capture.open) {
    // changesSince(x) lists records differing from x; `after` is the record in the layer being described.
    const base = GraphState.fromSnapshot(layer.base).changesSince(capture.system);
    const overlay = GraphState.fromSnapshot(layer.graph).changesSince(layer.base);
    for (const [tag, changes] of [
      ["bn", base.nodes],
      ["be", base.edges],
      ["on", overlay.nodes],
      ["oe", overlay.edges],
    ] as const) {
      for (let at = 0; at < changes.length; at += checkpoint_chunk_records) {
        const slice = changes.slice(at, at + checkpoint_chunk_records);
        await push({ t: tag, sws: layer.id, r: slice.map((change) => [change.id, change.after ?? null]) });
      }
    }
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

// ---- decoding ------------------------------------------------------------------------------------------------

/** One chunk's canonical value, which must be a map. `at` is its byte offset in the checkpoint (for errors). */
function decodeChunk(chunk: Uint8Array, at: number): Record<string, unknown> {
  const value = decodeCanonical(chunk);
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new CheckpointError(`chunk at byte ${at} is not a map`);
  }
  return value as Record<string, unknown>;
}

/** The chunks of a whole checkpoint in memory: each one's bytes and byte offset. */
function* chunksOf(bytes: Uint8Array): Generator<{ bytes: Uint8Array; at: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new CheckpointError(`chunk length cut off at byte ${pos}`);
    const length = view.getUint32(pos);
    if (pos + 4 + length > bytes.length) throw new CheckpointError(`chunk at byte ${pos} runs past the end`);
    yield { bytes: bytes.subarray(pos + 4, pos + 4 + length), at: pos };
    pos += 4 + length;
  }
}

/**
 * Cuts a checkpoint that arrives in pieces (a snapshot file read through a small buffer) into its chunks. A chunk
 * inside one piece is a view of it; one spanning pieces is copied together. Views are valid until the next push.
 */
class ChunkSplitter {
  /** Bytes of an incomplete chunk (its length prefix included), copied: the piece's buffer is reused. */
  private carry: Uint8Array | null = null;
  /** Byte offset in the checkpoint of the next chunk's length prefix. */
  private at = 0;

  *push(piece: Uint8Array): Generator<{ bytes: Uint8Array; at: number }> {
    let pos = 0;
    if (this.carry !== null) {
      // Complete the carried chunk first with just enough of this piece (one chunk spans pieces rarely: chunks
      // hold checkpoint_chunk_records records, pieces a megabyte).
      let carried = this.carry;
      if (carried.length < 4) {
        pos = Math.min(4 - carried.length, piece.length);
        carried = concat(carried, piece.subarray(0, pos));
        if (carried.length < 4) {
          this.carry = carried;
          return;
        }
      }
      const total = 4 + new DataView(carried.buffer, carried.byteOffset, 4).getUint32(0);
      const take = Math.min(total - carried.length, piece.length - pos);
      carried = concat(carried, piece.subarray(pos, pos + take));
      pos += take;
      if (carried.length < total) {
        this.carry = carried;
        return;
      }
      this.carry = null;
      yield { bytes: carried.subarray(4), at: this.at };
      this.at += total;
    }
    const view = new DataView(piece.buffer, piece.byteOffset, piece.byteLength);
    while (pos < piece.length) {
      const total = pos + 4 <= piece.length ? 4 + view.getUint32(pos) : Infinity;
      if (pos + total > piece.length) {
        this.carry = piece.slice(pos);
        return;
      }
      yield { bytes: piece.subarray(pos + 4, pos + total), at: this.at };
      this.at += total;
      pos += total;
    }
  }

  /** Throws if the checkpoint ended inside a chunk. */
  end(): void {
    if (this.carry === null) return;
    throw new CheckpointError(
      this.carry.length < 4 ? `chunk length cut off at byte ${this.at}` : `chunk at byte ${this.at} runs past the end`,
    );
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

/**
 * Decoded records become the kernel's own objects, which readers must not be able to change. Walks with for-in
 * rather than Object.values: no array per object (half a million records per load).
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array) && !Object.isFrozen(value)) {
    const object = value as Record<string, unknown>;
    for (const key in object) deepFreeze(object[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * Rebuilds the state a checkpoint describes and checks every digest against the header. Throws CheckpointError
 * (with what failed) for any damage or mismatch; the caller then falls back to replaying the whole log.
 */
export function decodeCheckpoint(bytes: Uint8Array): RestoredState {
  const builder = new CheckpointBuilder();
  for (const chunk of chunksOf(bytes)) builder.add(chunk.bytes, chunk.at);
  return builder.finish();
}

/**
 * The same, for a checkpoint read in pieces (`SnapshotFile.pieces`: views of a reused buffer). The state is
 * returned only once every piece has been read, so a source that throws at its end (a checksum mismatch) leaves
 * nothing half-verified behind.
 */
export async function decodeCheckpointPieces(pieces: AsyncIterable<Uint8Array>): Promise<RestoredState> {
  const builder = new CheckpointBuilder();
  const splitter = new ChunkSplitter();
  const iterator = pieces[Symbol.asyncIterator]();
  try {
    for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) {
      for (const chunk of splitter.push(step.value)) builder.add(chunk.bytes, chunk.at);
    }
    splitter.end();
  } catch (error) {
    // Content that does not decode may be a damaged file: read on, so that the source's own verdict (its
    // checksum) names the damage rather than whatever the damaged bytes decoded to.
    for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) {
      // only the checksum at the end matters now
    }
    throw error;
  }
  return builder.finish();
}

/** Takes a checkpoint's chunks in order (the header first), then rebuilds and verifies the state. */
class CheckpointBuilder {
  private header: Header | null = null;
  private readonly nodes: NodeRecord[] = [];
  private nodeHasher: RecordHasher | null = null;
  private readonly edges: EdgeRecord[] = [];
  private edgeHasher: RecordHasher | null = null;
  private readonly patches = new Map<string, Record<PatchTag, PatchEntry<NodeRecord | EdgeRecord>[]>>();

  add(chunkBytes: Uint8Array, at: number): void {
    const chunk = decodeChunk(chunkBytes, at);
    if (this.header === null) {
      this.start(chunk as unknown as Header);
      return;
    }
    const records = chunk.r as readonly unknown[];
    switch (chunk.t) {
      case "n":
        hashChunk(this.nodeHasher!, chunkBytes, records);
        for (const record of records as NodeRecord[]) this.nodes.push(deepFreeze(record));
        break;
      case "e":
        hashChunk(this.edgeHasher!, chunkBytes, records);
        for (const record of records as EdgeRecord[]) this.edges.push(deepFreeze(record));
        break;
      case "bn":
      case "be":
      case "on":
      case "oe": {
        const layer = this.patches.get(String(chunk.sws));
        if (layer === undefined) throw new CheckpointError(`patch for sws:${String(chunk.sws)}, which is not open`);
        layer[chunk.t].push(...(records as PatchEntry<NodeRecord | EdgeRecord>[]));
        break;
      }
      default:
        throw new CheckpointError(`unknown chunk type ${JSON.stringify(chunk.t)}`);
    }
  }

  private start(header: Header): void {
    if (header.t !== "header" || header.version !== checkpoint_version) {
      throw new CheckpointError(`not a ${checkpoint_version} checkpoint (bad or missing header)`);
    }
    for (const [what, count] of [
      ["systemRewriteCount", header.systemRewriteCount],
      ["nodeCount", header.nodeCount],
      ["edgeCount", header.edgeCount],
    ] as const) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new CheckpointError(`header ${what} ${String(count)} is not a count`);
      }
    }
    this.header = header;
    this.nodeHasher = new RecordHasher(node_record_tag, header.nodeCount);
    this.edgeHasher = new RecordHasher(edge_record_tag, header.edgeCount);
    for (const info of header.overlays) {
      if (info.state === "OPEN") this.patches.set(info.id, { bn: [], be: [], on: [], oe: [] });
    }
  }

  finish(): RestoredState {
    const header = this.header;
    if (header === null) throw new CheckpointError(`not a ${checkpoint_version} checkpoint (bad or missing header)`);
    // Records come in id order, so the tables are built in one pass (an id out of order or a dangling edge throws).
    let system: GraphState;
    try {
      system = GraphState.fromSortedRecords(
        this.nodes,
        this.nodeHasher!.hashes(),
        this.edges,
        this.edgeHasher!.hashes(),
      );
    } catch (error) {
      throw new CheckpointError(
        `system records do not form a graph: ${error instanceof Error ? error.message : error}`,
      );
    }
    const systemDigest = system.digest();
    if (systemDigest !== header.systemDigest) {
      throw new CheckpointError(
        `system view rebuilds to digest ${systemDigest}, the checkpoint says ${header.systemDigest}`,
      );
    }
    if (system.nodeCount !== header.nodeCount || system.edgeCount !== header.edgeCount) {
      throw new CheckpointError("record counts do not match the header");
    }
    const systemSnapshot = system.snapshot();
    const overlays = header.overlays.map((raw) => {
      const { overlayDigest, ...info } = raw;
      const patch = this.patches.get(info.id);
      if (patch === undefined) return { info: info as SwsInfo, graph: null, base: null };
      const baseState = GraphState.fromSnapshot(systemSnapshot);
      applyPatch(baseState, patch.bn, patch.be);
      const base = baseState.snapshot();
      if (base.digest !== info.baseDigest) {
        throw new CheckpointError(`sws:${info.id} base rebuilds to digest ${base.digest}, expected ${info.baseDigest}`);
      }
      const graph = GraphState.fromSnapshot(base);
      applyPatch(graph, patch.on, patch.oe);
      if (graph.digest() !== overlayDigest) {
        throw new CheckpointError(`sws:${info.id} rebuilds to digest ${graph.digest()}, expected ${overlayDigest}`);
      }
      return { info: info as SwsInfo, graph, base };
    });
    return {
      nextIdx: header.nextIdx,
      lastEntryHash: header.lastEntryHash,
      system: GraphState.fromSnapshot(systemSnapshot),
      overlays,
      nextSwsNumber: header.nextSwsNumber,
      systemRewriteCount: header.systemRewriteCount,
    };
  }
}

type PatchTag = "bn" | "be" | "on" | "oe";

/** Hashes a records chunk's records from its bytes; `records` is what the chunk decoded to (an array, or damage). */
function hashChunk(hasher: RecordHasher, chunkBytes: Uint8Array, records: unknown): void {
  if (!Array.isArray(records)) throw new CheckpointError("a records chunk without a record array");
  try {
    hasher.addChunk(chunkBytes, records.length);
  } catch (error) {
    if (error instanceof ChunkLayoutError) throw new CheckpointError(error.message);
    throw error;
  }
}

/**
 * Turns `state` into the layer a patch describes (the records that differ; null = absent there), in an order
 * where every primitive step is legal: edges out, nodes in or replaced, nodes out, edges in or replaced.
 */
function applyPatch(
  state: GraphState,
  nodes: readonly PatchEntry<NodeRecord | EdgeRecord>[],
  edges: readonly PatchEntry<NodeRecord | EdgeRecord>[],
): void {
  for (const [id, record] of edges) if (record === null && state.edge(id) !== undefined) state.removeEdge(id);
  for (const [id, record] of nodes) {
    if (record === null) continue;
    const frozen = deepFreeze(record as NodeRecord);
    const hash = encodeNodeRecordHash(frozen).hash;
    if (state.node(id) === undefined) state.insertNode(frozen, hash);
    else state.replaceNode(frozen, hash);
  }
  for (const [id, record] of nodes) if (record === null && state.node(id) !== undefined) state.removeNode(id);
  for (const [id, record] of edges) {
    if (record === null) continue;
    const frozen = deepFreeze(record as EdgeRecord);
    const hash = encodeEdgeRecordHash(frozen).hash;
    if (state.edge(id) === undefined) state.insertEdge(frozen, hash);
    else state.replaceEdge(frozen, hash);
  }
}
