import { constants, promises as fs, readSync } from "node:fs";
import type { FileHandle, FileSystem, OpenMode } from "./file-system.js";
import { hasErrorCode } from "./file-system.js";

// "r+" rather than "a": positional writes are ignored under O_APPEND on Linux, and the WAL writes at offsets it
// tracks itself so a truncated torn tail is overwritten in place.
const FLAGS_BY_MODE: Record<OpenMode, string | number> = {
  read: "r",
  "read-write": "r+",
  "read-write-dsync": constants.O_RDWR | constants.O_DSYNC,
  "create-exclusive": "wx+",
};

class NodeFileHandle implements FileHandle {
  constructor(private readonly handle: fs.FileHandle) {}

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const { bytesRead } = await this.handle.read(buffer, offset, length, position);
    return bytesRead;
  }

  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number {
    return readSync(this.handle.fd, buffer, offset, length, position);
  }

  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const { bytesWritten } = await this.handle.write(buffer, offset, length, position);
    return bytesWritten;
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  truncate(lengthBytes: number): Promise<void> {
    return this.handle.truncate(lengthBytes);
  }

  async sizeBytes(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The real file system (node:fs/promises). */
export class NodeFileSystem implements FileSystem {
  async open(path: string, mode: OpenMode): Promise<FileHandle> {
    return new NodeFileHandle(await fs.open(path, FLAGS_BY_MODE[mode]));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fs.readFile(path);
  }

  rename(fromPath: string, toPath: string): Promise<void> {
    return fs.rename(fromPath, toPath);
  }

  unlink(path: string): Promise<void> {
    return fs.unlink(path);
  }

  async readdir(dir: string): Promise<string[]> {
    return (await fs.readdir(dir)).sort();
  }

  async mkdirp(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fs.stat(path);
      return true;
    } catch (error) {
      if (hasErrorCode(error, "ENOENT")) return false;
      throw error;
    }
  }

  async syncDirectory(dir: string): Promise<void> {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
