// Canonical CBOR: the one byte form of every hashed or persisted structure (docs/adr/0010-canonical-cbor-encoding.md).
export type { CanonicalValue } from "./value.js";
export { CanonicalBuilder, encodeCanonical, withCanonicalBytes } from "./encode.js";
export { decodeCanonical } from "./decode.js";
export { CanonicalEncodeError, CanonicalDecodeError } from "./errors.js";
export type { CanonicalEncodeReason, CanonicalDecodeReason } from "./errors.js";
export { canonical_bytes_max, canonical_depth_max } from "./limits.js";
