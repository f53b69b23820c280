export type { FileHandle, FileSystem, OpenMode } from "./file-system.js";
export { hasErrorCode } from "./file-system.js";
export { NodeFileSystem } from "./node-file-system.js";
export { FaultyFileSystem, errnoError } from "./faulty-file-system.js";
export { writeFully, readFully } from "./full-io.js";
