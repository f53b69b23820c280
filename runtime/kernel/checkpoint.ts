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

/** Each chunk decoded, with its bytes (record hashes are computed from them: checkpoint-records.ts). */
function* chunksOf(bytes: Uint8Array): Generator<{ value: Record<string, unknown>; bytes: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new CheckpointError(`chunk length cut off at byte ${pos}`);
    const length = view.getUint32(pos);
    if (pos + 4 + length > bytes.length) throw new CheckpointError(`chunk at byte ${pos} runs past the end`);
    const chunk = bytes.subarray(pos + 4, pos + 4 + length);
    const value = decodeCanonical(chunk);
    if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array) {
      throw new CheckpointError(`chunk at byte ${pos} is not a map`);
    }
    yield { value: value as Record<string, unknown>, bytes: chunk };
    pos += 4 + length;
  }
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
  const chunks = chunksOf(bytes);
  const first = chunks.next();
  const header = (first.done === true ? undefined : first.value.value) as Header | undefined;
  if (header?.t !== "header" || header.version !== checkpoint_version) {
    throw new CheckpointError(`not a ${checkpoint_version} checkpoint (bad or missing header)`);
  }
  if (!Number.isSafeInteger(header.systemRewriteCount) || header.systemRewriteCount < 0) {
    throw new CheckpointError(`header systemRewriteCount ${String(header.systemRewriteCount)} is not a count`);
  }
  for (const [what, count] of [
    ["nodeCount", header.nodeCount],
    ["edgeCount", header.edgeCount],
  ] as const) {
    // Every record takes at least a byte, so a count beyond the size is damage (and would size a huge buffer).
    if (!Number.isSafeInteger(count) || count < 0 || count > bytes.length) {
      throw new CheckpointError(`header ${what} ${String(count)} is not a count of records in ${bytes.length} bytes`);
    }
  }
  const nodes: NodeRecord[] = [];
  const nodeHasher = new RecordHasher(node_record_tag, header.nodeCount);
  const edges: EdgeRecord[] = [];
  const edgeHasher = new RecordHasher(edge_record_tag, header.edgeCount);
  const patches = new Map<string, Record<PatchTag, PatchEntry<NodeRecord | EdgeRecord>[]>>();
  for (const info of header.overlays) {
    if (info.state === "OPEN") patches.set(info.id, { bn: [], be: [], on: [], oe: [] });
  }
  for (const { value: chunk, bytes: chunkBytes } of chunks) {
    const records = chunk.r as readonly unknown[];
    switch (chunk.t) {
      case "n":
        hashChunk(nodeHasher, chunkBytes, records);
        for (const record of records as NodeRecord[]) nodes.push(deepFreeze(record));
        break;
      case "e":
        hashChunk(edgeHasher, chunkBytes, records);
        for (const record of records as EdgeRecord[]) edges.push(deepFreeze(record));
        break;
      case "bn":
      case "be":
      case "on":
      case "oe": {
        const layer = patches.get(String(chunk.sws));
        if (layer === undefined) throw new CheckpointError(`patch for sws:${String(chunk.sws)}, which is not open`);
        layer[chunk.t].push(...(records as PatchEntry<NodeRecord | EdgeRecord>[]));
        break;
      }
      default:
        throw new CheckpointError(`unknown chunk type ${JSON.stringify(chunk.t)}`);
    }
  }
  // Records come in id order, so the tables are built in one pass (an id out of order or a dangling edge throws).
  let system: GraphState;
  try {
    system = GraphState.fromSortedRecords(nodes, nodeHasher.hashes(), edges, edgeHasher.hashes());
  } catch (error) {
    throw new CheckpointError(`system records do not form a graph: ${error instanceof Error ? error.message : error}`);
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
    const patch = patches.get(info.id);
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
