import type { FileHandle } from "../storage/index.js";
import { WalError } from "./errors.js";
import { FrameScanner, findIntactFrameAfter, isZeroFilled } from "./frame-scanner.js";
import { RecordOffsets } from "./record-offsets.js";

/** What open found in the log: where the intact records end, and what (if anything) was cut off after them. */
export interface RecoveryReport {
  /** Seq of the first record in the file (the header's baseSeq). */
  readonly baseSeq: number;
  /** Seq the next append gets: baseSeq + the number of intact records. */
  readonly nextSeq: number;
  /** File offset just past the last intact record. */
  readonly endOffset: number;
  /** Present when a torn tail was found (and, once open finishes, truncated). */
  readonly tornTail?: { readonly offset: number; readonly reason: string; readonly bytesDropped: number };
}

export interface ScannedLog extends RecoveryReport {
  /** File offset of every intact record, by seq - baseSeq. */
  readonly offsets: RecordOffsets;
}

/**
 * Scans every record after the header, verifying checksums and that seqs run baseSeq, baseSeq+1, ... without a gap.
 * Decides, and never writes:
 *  - zero bytes from the end of the last record to the end of the file are preallocated space: a clean end;
 *  - a bad frame with no intact frame anywhere after it is a torn tail (a crash mid-append): reported for truncation;
 *  - a bad frame followed by an intact one is damage in the middle: WAL_CORRUPT naming both offsets;
 *  - an intact frame with the wrong seq is WAL_CORRUPT (our writer never produces one).
 */
export async function scanLog(
  handle: FileHandle,
  path: string,
  baseSeq: number,
  recordsStartOffset: number,
  fileBytes: number,
): Promise<ScannedLog> {
  const scanner = new FrameScanner(handle, recordsStartOffset, fileBytes, false);
  const offsets = new RecordOffsets();
  let nextSeq = baseSeq;
  // Bounded: every "record" step advances the scanner by at least one frame header.
  for (;;) {
    const next = scanner.next();
    const step = next instanceof Promise ? await next : next;
    if (step.kind === "end") return { baseSeq, nextSeq, endOffset: scanner.position, offsets };
    if (step.kind === "record") {
      if (step.seq !== nextSeq) {
        throw new WalError(
          "WAL_CORRUPT",
          `${path}: record at byte offset ${step.offset} has seq ${step.seq} but seq ${nextSeq} was expected ` +
            `(sequence numbers must be contiguous). Nothing was changed. Restore the data directory from a backup.`,
          path,
          step.offset,
        );
      }
      offsets.push(step.offset);
      nextSeq++;
      continue;
    }
    if (await isZeroFilled(handle, step.offset, fileBytes)) {
      return { baseSeq, nextSeq, endOffset: step.offset, offsets };
    }
    const follower = await findIntactFrameAfter(handle, step.offset + 1, fileBytes);
    if (follower !== undefined) {
      throw new WalError(
        "WAL_CORRUPT",
        `${path}: the record at byte offset ${step.offset} (seq ${nextSeq}) is damaged (${step.reason}), yet an intact ` +
          `record (seq ${follower.seq}) follows at byte offset ${follower.offset}, so this is not a torn tail but ` +
          `damage in the middle of the log. Nothing was changed. Restore the data directory from a backup; or, to ` +
          `keep seqs ${baseSeq}..${nextSeq - 1} and lose everything after, truncate the file to ${step.offset} bytes.`,
        path,
        step.offset,
      );
    }
    return {
      baseSeq,
      nextSeq,
      endOffset: step.offset,
      offsets,
      tornTail: { offset: step.offset, reason: step.reason, bytesDropped: fileBytes - step.offset },
    };
  }
}
