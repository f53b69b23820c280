// Named limits of the canonical encoding. Both directions enforce the same numbers, so anything the encoder
// produces the decoder accepts, and a hostile input cannot make either side recurse or allocate without bound.

/** Most containers (arrays and maps) nested inside one another; `[]` is depth 1, `[[]]` depth 2. */
export const canonical_depth_max = 256;

/** Largest encoding either side handles, in bytes (64 MiB). Bigger payloads belong in blobs, not records. */
export const canonical_bytes_max = 64 * 1024 * 1024;
