// Walking canonical CBOR by its heads, without decoding: where an item ends, what a head says. For hot loops over
// bytes that are already known to be well formed (a chunk the strict decoder accepted, an entry the WAL verified)
// that need one field or one item's extent rather than the whole value.

/** Thrown when the bytes do not have the shape the walker was told to expect. */
export class CborWalkError extends Error {
  override readonly name = "CborWalkError";
}

export const major_text = 3;
export const major_array = 4;
export const major_map = 5;

/** The head at `pos`: its major type, its argument (a count, a length or a value) and where its content starts. */
export function readHead(bytes: Uint8Array, pos: number): { major: number; argument: number; next: number } {
  if (pos >= bytes.length) throw new CborWalkError(`item at byte ${pos} runs past the end`);
  const initial = bytes[pos]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (info < 24) return { major, argument: info, next: pos + 1 };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0) throw new CborWalkError(`indefinite or reserved head at byte ${pos}`);
  if (pos + 1 + size > bytes.length) throw new CborWalkError(`head at byte ${pos} runs past the end`);
  let argument = 0;
  for (let i = 1; i <= size; i++) argument = argument * 256 + bytes[pos + i]!;
  return { major, argument, next: pos + 1 + size };
}

/** Offset just past the data item at `pos` (heads only: contents are not decoded). */
export function skipItem(bytes: Uint8Array, pos: number): number {
  const { major, argument, next } = readHead(bytes, pos);
  switch (major) {
    case 2: // byte string
    case major_text:
      if (next + argument > bytes.length) throw new CborWalkError(`string at byte ${pos} runs past the end`);
      return next + argument;
    case major_array: {
      let at = next;
      for (let i = 0; i < argument; i++) at = skipItem(bytes, at);
      return at;
    }
    case major_map: {
      let at = next;
      for (let i = 0; i < 2 * argument; i++) at = skipItem(bytes, at);
      return at;
    }
    case 6: // tag (never canonical here, but its extent is still well defined)
      return skipItem(bytes, next);
    default: // integers, simple values and floats: the head is the whole item
      return next;
  }
}
