// The values the canonical encoding can carry. Integers are one kind of value whatever their JS type: a `bigint`
// inside the safe range encodes exactly like the equal `number`, and the decoder picks the type by magnitude.
export type CanonicalValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

/** CBOR major types (RFC 8949 §3.1), shifted into the high three bits of the initial byte. */
export const major_unsigned = 0 << 5;
export const major_negative = 1 << 5;
export const major_bytes = 2 << 5;
export const major_text = 3 << 5;
export const major_array = 4 << 5;
export const major_map = 5 << 5;
export const major_tag = 6 << 5;
export const major_simple = 7 << 5;

export const byte_false = 0xf4;
export const byte_true = 0xf5;
export const byte_null = 0xf6;
export const byte_float64 = 0xfb;

/** The only NaN the contract admits: quiet NaN, sign clear, zero payload. */
export const canonical_nan_bytes: readonly number[] = [0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0];

/** CBOR integers span [-2^64, 2^64 - 1]; major 0 holds the non-negative half, major 1 holds -1 - n. */
export const cbor_uint_max = (1n << 64n) - 1n;
export const cbor_int_min = -(1n << 64n);
