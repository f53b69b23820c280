// Every buffer, batch and queue in the WAL has a named maximum (TigerBeetle style: a limit on everything).

/** Largest record payload accepted by `append`; bigger payloads are rejected before anything is written. */
export const wal_record_payload_bytes_max = 16 * 1024 * 1024;
/**
 * Largest snapshot (checkpoint) payload: a kernel checkpoint holds the whole system view, about 100 bytes per small
 * record, so 1 GiB covers some 10M records. Snapshots are read whole, so this also bounds the memory a load takes.
 */
export const wal_snapshot_payload_bytes_max = 1024 * 1024 * 1024;
/** Largest canonical-CBOR header payload (two hashes and a few small fields fit in a few hundred bytes). */
export const wal_header_payload_bytes_max = 4 * 1024;
/** A group-commit batch stops growing at this many bytes (one record larger than this is written alone). */
export const wal_batch_bytes_max = 8 * 1024 * 1024;
/** A group-commit batch buffer starts at this size and doubles as appends arrive (up to wal_batch_bytes_max). */
export const wal_batch_initial_bytes = 64 * 1024;
/** Batch buffers of wal_batch_initial_bytes kept for reuse (one being written, one forming, one spare). */
export const wal_batch_buffers_pooled = 3;
/**
 * Group commit cuts a burst's batch in half only when the burst took at least this many times as long as a write
 * (ADR 0074): at 2, a write hides whole behind half a burst.
 */
export const wal_cut_burst_to_write_min = 2;
/** Overlapping group commit returns to one write per burst after this many slow writes in a row (ADR 0074). */
export const wal_gather_after_slow_writes = 4;
/** A group-commit batch stops growing at this many records. */
export const wal_batch_records_max = 4096;
/** Appends waiting for durability beyond this count are rejected (back-pressure rather than unbounded memory). */
export const wal_pending_records_max = 65_536;
/** Recovery and replay read the log in chunks of this size. */
export const wal_scan_chunk_bytes = 8 * 1024 * 1024;
/** ... after a first, smaller chunk of this size (most logs opened by tests and tools are small). */
export const wal_scan_first_chunk_bytes = 1024 * 1024;
/** `recordBatches` yields arrays of at most this many records. */
export const wal_replay_batch_records = 1024;
/** Sequence numbers stay exact JavaScript numbers; 2^53 records is beyond any log this process will write. */
export const wal_seq_max = Number.MAX_SAFE_INTEGER;
/** Snapshot files kept after a new one is written (the newest plus one fallback should the newest prove bad). */
export const wal_snapshots_retained = 2;
/** Attempts to take the directory lock when a stale lock (dead owner) has to be removed first. */
export const wal_lock_attempts_max = 3;
/**
 * The log file grows in steps of this many zero bytes, so most fsyncs overwrite allocated blocks instead of growing
 * the file (an fdatasync that must also persist a new file size costs 2-4x more here; docs/adr/0063).
 */
export const wal_preallocate_bytes = 16 * 1024 * 1024;
/** Largest preallocation step a caller may ask for. */
export const wal_preallocate_bytes_max = 1024 * 1024 * 1024;
/** Zero-fill writes (preallocation) go out in pieces of at most this size. */
export const wal_zero_fill_chunk_bytes = 1024 * 1024;
/** Single records read back on demand (`Wal.recordSync`) come from aligned blocks of this size, cached. */
export const wal_read_block_bytes = 256 * 1024;
/** Blocks `Wal.recordSync` keeps (most recently used); paging forward or back through history hits them. */
export const wal_read_cache_blocks = 8;
/** Snapshots read in pieces (`SnapshotFile.pieces`) come through one reused buffer of this size. */
export const wal_snapshot_piece_bytes = 1024 * 1024;
/** Open checks that the space after the last record is all zeros (preallocated, not torn) in pieces of this size. */
export const wal_zero_check_chunk_bytes = 1024 * 1024;
