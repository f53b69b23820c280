// What replay needs from a logged entry: its idx and the command to run again, read from the entry's canonical
// bytes without decoding the rest (receipts with their digests, bases, conflict lists). Replay compares the entry
// the command produces with the logged bytes, byte for byte, so every field read or skipped here is still checked
// in full, and a non-canonical entry can never compare equal to the canonical bytes replay produces
// (docs/adr/0075-replay-reads-the-command-only.md). Only the common kinds are read this way; anything else (a
// policy denial, an unexpected shape) returns null and is decoded whole by the strict decoder.
import { decodeCanonical } from "../canonical/index.js";
import { CborWalkError, major_map, major_text, readHead, skipItem } from "./cbor-walk.js";
import type { Command } from "./command-loop.js";

export interface LoggedCommand {
  readonly idx: number;
  readonly command: Command;
}

/** Keys read from an entry; every other key is skipped by its extent. */
const key_idx = "idx";
const key_ops = "ops";
const key_meta = "meta";
const key_type = "type";
const key_view = "view";
/** Longest key compared (others are skipped without building their text). */
const key_chars_max = 4;
/** Canonical CBOR of an empty map: an entry without meta, replayed as no meta (the same bytes come back). */
const empty_map = 0xa0;

/** The entry's idx and command, or null when it is not a kind read here (decode it whole instead). */
export function readLoggedCommand(bytes: Uint8Array): LoggedCommand | null {
  try {
    return read(bytes);
  } catch (error) {
    if (error instanceof CborWalkError) return null;
    throw error;
  }
}

function read(bytes: Uint8Array): LoggedCommand | null {
  const head = readHead(bytes, 0);
  if (head.major !== major_map) return null;
  let idx: number | undefined;
  let type: string | undefined;
  let view: string | undefined;
  let opsAt = -1;
  let opsEnd = -1;
  let metaAt = -1;
  let metaEnd = -1;
  let at = head.next;
  for (let pair = 0; pair < head.argument; pair++) {
    const keyHead = readHead(bytes, at);
    if (keyHead.major !== major_text) return null;
    const key = keyHead.argument <= key_chars_max ? asciiText(bytes, keyHead.next, keyHead.argument) : null;
    const valueAt = keyHead.next + keyHead.argument;
    const valueEnd = skipItem(bytes, valueAt);
    if (key === key_idx) {
      const value = readHead(bytes, valueAt);
      if (value.major !== 0) return null;
      idx = value.argument;
    } else if (key === key_type) {
      type = textAt(bytes, valueAt);
    } else if (key === key_view) {
      view = textAt(bytes, valueAt);
    } else if (key === key_ops) {
      opsAt = valueAt;
      opsEnd = valueEnd;
    } else if (key === key_meta) {
      metaAt = valueAt;
      metaEnd = valueEnd;
    }
    at = valueEnd;
    // The receipt and the rest need no walk: the comparison with the produced entry covers them, trailing bytes too.
    if (
      idx !== undefined &&
      type !== undefined &&
      view !== undefined &&
      metaAt >= 0 &&
      (opsAt >= 0 || type !== "rewrite")
    ) {
      if (type === "rewrite" || type === "sws.create" || type === "sws.discard" || type === "sws.collapse") break;
    }
  }
  if (idx === undefined || type === undefined || view === undefined || metaAt < 0) return null;
  const meta = bytes[metaAt] === empty_map && metaEnd === metaAt + 1 ? undefined : decodeAt(bytes, metaAt, metaEnd);
  switch (type) {
    case "rewrite":
      if (opsAt < 0) return null;
      return { idx, command: { type, target: view, ops: decodeAt(bytes, opsAt, opsEnd), meta } };
    case "sws.create":
      return { idx, command: { type, meta } };
    case "sws.discard":
    case "sws.collapse":
      return { idx, command: { type, target: view, meta } };
    default:
      return null;
  }
}

/** The strict decoder over one item's bytes (ops and meta are what the command is built from). */
function decodeAt(bytes: Uint8Array, start: number, end: number): unknown {
  return decodeCanonical(bytes.subarray(start, end));
}

/** The text item at `at` if it is ASCII, else undefined (then the entry is decoded whole). */
function textAt(bytes: Uint8Array, at: number): string | undefined {
  const head = readHead(bytes, at);
  if (head.major !== major_text) return undefined;
  return asciiText(bytes, head.next, head.argument) ?? undefined;
}

function asciiText(bytes: Uint8Array, from: number, length: number): string | null {
  if (from + length > bytes.length) throw new CborWalkError(`text at byte ${from} runs past the end`);
  let text = "";
  for (let i = from; i < from + length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return null;
    text += String.fromCharCode(byte);
  }
  return text;
}
