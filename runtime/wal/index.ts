// The durable write-ahead log (docs/wal.md): framed records, group commit, torn-tail recovery, snapshots.
export { Wal, log_file_name } from "./wal.js";
export type { FsyncPolicy, WalListener, WalOpenOptions, WalRecord } from "./wal.js";
export { WalError } from "./errors.js";
export type { WalErrorCode } from "./errors.js";
export type { RecoveryReport } from "./recovery.js";
export type { Snapshot, SnapshotFile } from "./snapshot-store.js";
export { encodeFrame, record_magic, snapshot_magic, frame_header_bytes, wal_format_version } from "./frame.js";
export { encodeHeader, decodeHeader, header_magic } from "./header.js";
export type { WalHeader } from "./header.js";
export * from "./limits.js";
