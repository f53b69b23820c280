// Record hashes for a checkpoint load, computed from the bytes the records were decoded from. A record's hash is
// BLAKE3(canonical([tag, record])) (digest/spec.ts), and canonical([tag, record]) is the array head, the encoded
// tag, then canonical(record): exactly the record's bytes inside the chunk, since the chunk decoded under the
// strict canonical decoder (which accepts only the one canonical encoding of each value). So the load recomputes
// every hash, as before, without encoding every record a second time (a third of the load's hashing time, and
// garbage). checkpoint.test.ts checks these hashes against the encoder's.
import { encodeCanonical } from "../canonical/index.js";
import { blake3, blake3ChunkInto, blake3_chunk_bytes, blake3_digest_bytes } from "../hash/index.js";
import { CborWalkError, major_array, readHead, skipItem } from "./cbor-walk.js";

/** Thrown when chunk bytes do not have the layout the checkpoint writer produces. */
export class ChunkLayoutError extends Error {
  override readonly name = "ChunkLayoutError";
}

/** CBOR heads the records chunk starts with: a map of 2, then the key "r" (canonical order puts it before "t"). */
const records_chunk_prefix = [0xa2, 0x61, 0x72] as const;
/** Hashes room before the first growth. */
const initial_records = 4096;

/** Hashes records of one kind (node or edge) into one packed buffer, 32 bytes per record, in load order. */
export class RecordHasher {
  /** [0x82 (array of 2), canonical(tag), record bytes...]: the hashed input, assembled per record. */
  private scratch: Uint8Array;
  private readonly prefixBytes: number;
  /** Grows by doubling up to the announced count: a damaged count cannot size a huge buffer up front. */
  private packed: Uint8Array;
  private count = 0;

  constructor(
    tag: string,
    /** Records the header announces; more than this is a layout error. */
    private readonly capacity: number,
  ) {
    const encodedTag = encodeCanonical(tag);
    this.prefixBytes = 1 + encodedTag.length;
    this.scratch = new Uint8Array(blake3_chunk_bytes);
    this.scratch[0] = 0x82;
    this.scratch.set(encodedTag, 1);
    this.packed = new Uint8Array(Math.min(capacity, initial_records) * blake3_digest_bytes);
  }

  get hashed(): number {
    return this.count;
  }

  /**
   * Hashes every record of a records chunk (`{ r: [record, ...], t }`, already decoded strictly), in order;
   * `expected` is how many records its decoded `r` holds. Throws ChunkLayoutError if the bytes do not match.
   */
  addChunk(chunk: Uint8Array, expected: number): void {
    try {
      this.walkChunk(chunk, expected);
    } catch (error) {
      if (error instanceof CborWalkError) throw new ChunkLayoutError(error.message);
      throw error;
    }
  }

  private walkChunk(chunk: Uint8Array, expected: number): void {
    for (let i = 0; i < records_chunk_prefix.length; i++) {
      if (chunk[i] !== records_chunk_prefix[i]) throw new ChunkLayoutError("records chunk does not start with r");
    }
    const head = readHead(chunk, records_chunk_prefix.length);
    if (head.major !== major_array) throw new ChunkLayoutError("records chunk's r is not an array");
    if (head.argument !== expected) throw new ChunkLayoutError("records chunk's array length differs");
    let pos = head.next;
    for (let i = 0; i < expected; i++) {
      const end = skipItem(chunk, pos);
      this.add(chunk, pos, end);
      pos = end;
    }
  }

  /** Views of the packed hashes, one per record added. */
  hashes(): Uint8Array[] {
    const out = new Array<Uint8Array>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.packed.subarray(i * blake3_digest_bytes, (i + 1) * blake3_digest_bytes);
    }
    return out;
  }

  private add(bytes: Uint8Array, start: number, end: number): void {
    if (this.count === this.capacity) throw new ChunkLayoutError(`more records than the ${this.capacity} announced`);
    const length = this.prefixBytes + (end - start);
    if (length > this.scratch.length) {
      const grown = new Uint8Array(Math.max(length, this.scratch.length * 2));
      grown.set(this.scratch.subarray(0, this.prefixBytes));
      this.scratch = grown;
    }
    this.scratch.set(bytes.subarray(start, end), this.prefixBytes);
    const at = this.count * blake3_digest_bytes;
    if (at === this.packed.length) {
      const grown = new Uint8Array(Math.min(this.capacity, this.count * 2) * blake3_digest_bytes);
      grown.set(this.packed);
      this.packed = grown;
    }
    if (length <= blake3_chunk_bytes) blake3ChunkInto(this.scratch, 0, length, this.packed, at);
    else this.packed.set(blake3(this.scratch.subarray(0, length)), at);
    this.count++;
  }
}
