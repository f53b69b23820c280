// The runtime's public API. Generated code and applications import from here; nothing else is a contract.
export * from "./canonical/index.js";
export * from "./hash/index.js";
export type * from "./domain/spec.js";
export * from "./errors/index.js";
export * from "./graph/index.js";
export * from "./digest/index.js";
export * from "./rewrite/index.js";
export * from "./sws/index.js";
export * from "./collapse/index.js";
export * from "./kernel/index.js";
export { Wal, WalError } from "./wal/index.js";
export type { FsyncPolicy, WalErrorCode } from "./wal/index.js";
export * from "./fold/index.js";
export * from "./policy/index.js";
