// Hashing: BLAKE3-256 and versioned digests of canonical values.
export { blake3, blake3Hex, blake3_digest_bytes } from "./blake3.js";
export { digestOf, version_tag_chars_max } from "./digest.js";
