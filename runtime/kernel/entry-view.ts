// The `type` and `view` of an encoded history entry without decoding the rest of it: indexing a million stored
// entries by view (the first `rewrites({ view })` after a restart) then reads two short strings per entry
// instead of building every entry's ops, meta and receipt objects.
import { CborWalkError, major_map, major_text, readHead, skipItem } from "./cbor-walk.js";

const type_key = Uint8Array.of(0x74, 0x79, 0x70, 0x65); // "type"
const view_key = Uint8Array.of(0x76, 0x69, 0x65, 0x77); // "view"
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `type` and `view` of the entry encoded in `bytes` (a top-level map with text keys), or null when they are not
 * both text at the top level: the caller then decodes the entry in full.
 */
export function entryTypeAndView(bytes: Uint8Array): { readonly type: string; readonly view: string } | null {
  try {
    return walk(bytes);
  } catch (error) {
    if (error instanceof CborWalkError) return null;
    throw error;
  }
}

function walk(bytes: Uint8Array): { type: string; view: string } | null {
  const map = readHead(bytes, 0);
  if (map.major !== major_map) return null;
  let type: string | null = null;
  let view: string | null = null;
  let pos = map.next;
  for (let pair = 0; pair < map.argument && (type === null || view === null); pair++) {
    const key = readHead(bytes, pos);
    if (key.major !== major_text) return null;
    const keyEnd = key.next + key.argument;
    const which =
      key.argument === 4
        ? startsWith(bytes, key.next, type_key)
          ? "type"
          : startsWith(bytes, key.next, view_key)
            ? "view"
            : null
        : null;
    pos = keyEnd;
    if (which === null) {
      pos = skipItem(bytes, pos);
      continue;
    }
    const value = readHead(bytes, pos);
    if (value.major !== major_text || value.next + value.argument > bytes.length) return null;
    const text = utf8.decode(bytes.subarray(value.next, value.next + value.argument));
    if (which === "type") type = text;
    else view = text;
    pos = value.next + value.argument;
  }
  return type === null || view === null ? null : { type, view };
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
