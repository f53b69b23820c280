import { join } from "node:path";
import { crc32 } from "node:zlib";
import type { FileSystem } from "../storage/index.js";
import { hasErrorCode, readFully, writeFully } from "../storage/index.js";
import { WalError } from "./errors.js";
import {
  checksumMatches,
  encodeFrame,
  frame_checksum_at,
  frame_header_bytes,
  hasMagic,
  readFrameHeader,
  snapshot_magic,
  wal_format_version,
} from "./frame.js";
import { wal_snapshot_payload_bytes_max, wal_snapshot_piece_bytes, wal_snapshots_retained } from "./limits.js";

/** A checkpoint: an opaque payload (the kernel's encoded system view + digest) covering records below `nextSeq`. */
export interface Snapshot {
  /** The first seq the snapshot does NOT cover: replay resumes here. */
  readonly nextSeq: number;
  readonly payload: Uint8Array;
}

/**
 * A snapshot file not read yet: a large checkpoint is read in pieces through one small buffer rather than whole
 * (a 65 MB checkpoint whole costs ~0.3 s of fresh memory at boot on a VM, and its size in peak RSS).
 */
export interface SnapshotFile {
  readonly nextSeq: number;
  readonly path: string;
  /**
   * The payload in order, each piece a view of a reused buffer, valid only until the next step. After the last
   * piece the frame's checksum is compared, and a mismatch throws WAL_CORRUPT: whatever a consumer built from the
   * pieces is not to be used until the iteration has ended normally. Damage found earlier (header, size) throws
   * WAL_CORRUPT before any piece.
   */
  pieces(): AsyncGenerator<Uint8Array>;
}

const name_pattern = /^snapshot-(\d{16})\.snap$/;
const seq_digits = 16;

export function snapshotFileName(nextSeq: number): string {
  return `snapshot-${String(nextSeq).padStart(seq_digits, "0")}.snap`;
}

/**
 * Snapshot files live next to the log, one per checkpoint, each a single frame with magic "JSNP" whose seq field is
 * `nextSeq`. They are written atomically (temp file, fsync, rename, directory fsync), so a crash leaves either the
 * old set or the new one, never a half-written snapshot under a real name. The digest check of the content is the
 * kernel's job; this store guarantees the bytes are the ones written.
 */
export class SnapshotStore {
  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {}

  async write(snapshot: Snapshot): Promise<void> {
    if (snapshot.payload.length > wal_snapshot_payload_bytes_max) {
      throw new RangeError(
        `snapshot payload is ${snapshot.payload.length} bytes, over the ${wal_snapshot_payload_bytes_max}-byte maximum`,
      );
    }
    const finalPath = join(this.dir, snapshotFileName(snapshot.nextSeq));
    const tempPath = `${finalPath}.tmp`;
    await this.removeIfPresent(tempPath);
    const handle = await this.fs.open(tempPath, "create-exclusive");
    try {
      await writeFully(handle, encodeFrame(snapshot_magic, snapshot.nextSeq, snapshot.payload), 0);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await this.fs.rename(tempPath, finalPath);
    await this.fs.syncDirectory(this.dir);
    await this.prune();
  }

  /** The newest snapshot with nextSeq <= `nextSeqMax` whose bytes verify; bad or too-new ones are skipped with a warning. */
  async latest(nextSeqMax: number): Promise<Snapshot | undefined> {
    const candidates = (await this.list()).reverse();
    for (const { nextSeq, name } of candidates) {
      const path = join(this.dir, name);
      if (nextSeq > nextSeqMax) {
        this.warn(
          `ignoring snapshot ${path}: it covers records up to seq ${nextSeq - 1} but the log ends before seq ${nextSeqMax}`,
        );
        continue;
      }
      const bytes = await this.fs.readFile(path);
      const problem = verifySnapshotBytes(bytes, nextSeq);
      if (problem !== undefined) {
        this.warn(`ignoring damaged snapshot ${path}: ${problem}; falling back to an older one or a full replay`);
        continue;
      }
      // A plain view, not a copy: a checkpoint of a large system is tens of MB (copying cost ~0.1-0.3 s at boot).
      const payload = new Uint8Array(
        bytes.buffer,
        bytes.byteOffset + frame_header_bytes,
        bytes.length - frame_header_bytes,
      );
      return { nextSeq, payload };
    }
    return undefined;
  }

  /** Snapshot files with nextSeq <= `nextSeqMax`, newest first, not read yet; too-new ones are skipped with a warning. */
  async files(nextSeqMax: number): Promise<SnapshotFile[]> {
    const files: SnapshotFile[] = [];
    for (const { nextSeq, name } of (await this.list()).reverse()) {
      const path = join(this.dir, name);
      if (nextSeq > nextSeqMax) {
        this.warn(
          `ignoring snapshot ${path}: it covers records up to seq ${nextSeq - 1} but the log ends before seq ${nextSeqMax}`,
        );
        continue;
      }
      files.push({ nextSeq, path, pieces: () => this.readPieces(path, nextSeq) });
    }
    return files;
  }

  private async *readPieces(path: string, nextSeq: number): AsyncGenerator<Uint8Array> {
    const damaged = (why: string): WalError => new WalError("WAL_CORRUPT", `snapshot ${path} is damaged: ${why}`, path);
    const handle = await this.fs.open(path, "read");
    let reading: Promise<Uint8Array> | undefined;
    try {
      const fileBytes = await handle.sizeBytes();
      const header = new Uint8Array(frame_header_bytes);
      if ((await readFully(handle, header, 0, frame_header_bytes, 0)) < frame_header_bytes) {
        throw damaged(`only ${fileBytes} bytes`);
      }
      if (!hasMagic(header, 0, snapshot_magic)) throw damaged("bad magic");
      const fields = readFrameHeader(header, 0);
      if (fields.version !== wal_format_version) throw damaged(`unknown format version ${fields.version}`);
      if (fields.payloadBytes !== fileBytes - frame_header_bytes) {
        throw damaged("length field does not match the file size");
      }
      if (fields.seq !== nextSeq) throw damaged(`seq field ${fields.seq} does not match the file name`);
      // The checksum covers the header fields after it, then the payload (frame.ts): computed piece by piece.
      let checksum = crc32(header.subarray(frame_checksum_at + 4));
      // Two buffers: the next piece is read while the consumer works on this one (it decodes between steps).
      const size = Math.min(wal_snapshot_piece_bytes, Math.max(fields.payloadBytes, 1));
      const buffers = [new Uint8Array(size), new Uint8Array(size)] as const;
      const readPiece = (at: number, buffer: Uint8Array): Promise<Uint8Array> => {
        const want = Math.min(size, fields.payloadBytes - at);
        return readFully(handle, buffer, 0, want, frame_header_bytes + at).then((got) => {
          if (got < want) throw damaged("the file shrank while being read");
          return buffer.subarray(0, got);
        });
      };
      if (fields.payloadBytes > 0) reading = readPiece(0, buffers[0]);
      for (let at = 0, turn = 0; reading !== undefined; turn = 1 - turn) {
        const piece = await reading;
        at += piece.length;
        reading = at < fields.payloadBytes ? readPiece(at, turn === 0 ? buffers[1] : buffers[0]) : undefined;
        checksum = crc32(piece, checksum);
        yield piece;
      }
      if (checksum !== fields.checksum) throw damaged("checksum mismatch");
    } finally {
      // A consumer that stopped early leaves a read in flight: let it land before the handle closes.
      await reading?.catch(() => undefined);
      await handle.close();
    }
  }

  /** Deletes temp files a crash left behind mid-write. */
  async removeLeftovers(): Promise<void> {
    for (const name of await this.fs.readdir(this.dir)) {
      if (name.startsWith("snapshot-") && name.endsWith(".snap.tmp")) await this.removeIfPresent(join(this.dir, name));
    }
  }

  private async list(): Promise<{ nextSeq: number; name: string }[]> {
    const found: { nextSeq: number; name: string }[] = [];
    for (const name of await this.fs.readdir(this.dir)) {
      const match = name_pattern.exec(name);
      if (match !== null) found.push({ nextSeq: Number(match[1]), name });
    }
    return found.sort((a, b) => a.nextSeq - b.nextSeq);
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    for (const { name } of all.slice(0, Math.max(0, all.length - wal_snapshots_retained))) {
      await this.removeIfPresent(join(this.dir, name));
    }
  }

  private async removeIfPresent(path: string): Promise<void> {
    try {
      await this.fs.unlink(path);
    } catch (error) {
      if (!hasErrorCode(error, "ENOENT")) throw error;
    }
  }
}

function verifySnapshotBytes(bytes: Uint8Array, nextSeq: number): string | undefined {
  if (bytes.length < frame_header_bytes) return `only ${bytes.length} bytes`;
  if (!hasMagic(bytes, 0, snapshot_magic)) return "bad magic";
  const header = readFrameHeader(bytes, 0);
  if (header.version !== wal_format_version) return `unknown format version ${header.version}`;
  if (header.payloadBytes !== bytes.length - frame_header_bytes) return "length field does not match the file size";
  if (header.seq !== nextSeq) return `seq field ${header.seq} does not match the file name`;
  if (!checksumMatches(bytes, 0, header, bytes.subarray(frame_header_bytes))) return "checksum mismatch";
  return undefined;
}
