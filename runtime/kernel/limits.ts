// Every queue, batch, payload and page the kernel accepts has a maximum, named here with its unit.

/** Ops in one rewrite (one all-or-nothing batch). */
export const rewrite_ops_max = 1024;

/**
 * Canonical bytes of one stored record ({id, kind, attrs} or the edge form). 256 KiB holds the largest field of the
 * kernel's own schema (Primitive.argsJson, 65,536 UTF-16 units = at most 192 KiB of UTF-8) with room to spare.
 */
export const record_bytes_max = 256 * 1024;

/** Canonical bytes of one op as logged (its input or data). */
export const op_bytes_max = 512 * 1024;

/** Canonical bytes of the caller-supplied meta of one command. */
export const meta_bytes_max = 16 * 1024;

/** Largest page a read returns (nodes, edges, rewrites). */
export const page_size_max = 1000;

/** Page size when the caller does not say. */
export const page_size_default = 100;

/** Overlays open at the same time; discarded ones do not count. */
export const sws_open_max = 1024;

/** Length of a v0 (untyped) kind name, in UTF-16 code units. */
export const v0_kind_chars_max = 128;

/** Commands waiting in the single-writer queue. */
export const command_queue_max = 4096;

/** Encoded history kept in memory before the kernel refuses new commands (no WAL yet to page it out). */
export const history_memory_bytes_max = 4 * 1024 * 1024 * 1024;

/** Records per chunk of a checkpoint (128 x record_bytes_max = 32 MiB stays below canonical_bytes_max). */
export const checkpoint_chunk_records = 128;

/** A durable kernel writes a checkpoint after every this many history entries (Kernel.open's default). */
export const checkpoint_interval_records_default = 100_000;
