// Errors of the canonical encoding. Each carries a machine-readable reason code (stable: test vectors and other
// implementations match on it) plus a message that says what was wrong, where, and what to do.

export type CanonicalEncodeReason =
  | "undefined_value"
  | "function_value"
  | "symbol_value"
  | "unsafe_integer"
  | "bigint_out_of_range"
  | "lone_surrogate"
  | "unsupported_object"
  | "sparse_array"
  | "depth_exceeded"
  | "too_large";

export class CanonicalEncodeError extends Error {
  override readonly name = "CanonicalEncodeError";
  /** Where in the value the problem is, e.g. `$.nodes[3].attrs.x`. */
  readonly path: string;
  readonly reason: CanonicalEncodeReason;

  constructor(reason: CanonicalEncodeReason, path: string, detail: string) {
    super(`cannot encode ${path} canonically: ${detail}`);
    this.reason = reason;
    this.path = path;
  }
}

export type CanonicalDecodeReason =
  | "truncated"
  | "trailing_bytes"
  | "too_large"
  | "indefinite_length"
  | "reserved_additional_info"
  | "non_shortest_integer"
  | "non_shortest_length"
  | "length_exceeds_input"
  | "tag_forbidden"
  | "simple_value_forbidden"
  | "unexpected_break"
  | "float16_forbidden"
  | "float32_forbidden"
  | "integral_float"
  | "non_canonical_nan"
  | "negative_zero"
  | "invalid_utf8"
  | "map_key_not_text"
  | "duplicate_key"
  | "unsorted_keys"
  | "depth_exceeded";

export class CanonicalDecodeError extends Error {
  override readonly name = "CanonicalDecodeError";
  /** Byte offset of the head of the offending data item (for trailing bytes: the first extra byte). */
  readonly offset: number;
  readonly reason: CanonicalDecodeReason;

  constructor(reason: CanonicalDecodeReason, offset: number, detail: string) {
    super(`non-canonical CBOR at byte ${offset} (${reason}): ${detail}`);
    this.reason = reason;
    this.offset = offset;
  }
}
