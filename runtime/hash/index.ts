// Hashing: BLAKE3-256 and versioned digests of canonical values.
export { blake3, blake3Hex, blake3_digest_bytes } from "./blake3.js";
export {
  blake3Arena,
  blake3BlockCount,
  blake3ChunkInto,
  blake3MidstateWords,
  blake3RunJobs,
  blake3_block_bytes,
  blake3_chunk_bytes,
  blake3_job_words,
} from "./blake3-chunk.js";
export type { Blake3Arena } from "./blake3-chunk.js";
export { digestOf, version_tag_chars_max } from "./digest.js";
