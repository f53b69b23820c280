import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, encodeHeader, log_file_name, record_magic, Wal } from "./index.js";
import type { WalRecord } from "./index.js";
import { makeTempDir } from "./testing/fixtures.js";

interface GoldenFile {
  readonly schemaHash: string;
  readonly registryHash: string;
  readonly header: { readonly baseSeq: number; readonly hex: string };
  readonly records: readonly { readonly seq: number; readonly payloadHex: string; readonly frameHex: string }[];
  readonly fileHex: string;
}

const golden = JSON.parse(
  readFileSync(new URL("../../test-vectors/wal/golden-v1.json", import.meta.url), "utf8"),
) as GoldenFile;
const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("golden WAL frames (test-vectors/wal)", () => {
  it("encodes the header and every frame to exactly the golden bytes", () => {
    const { schemaHash, registryHash } = golden;
    expect(toHex(encodeHeader({ schemaHash, registryHash, baseSeq: golden.header.baseSeq }))).toBe(golden.header.hex);
    for (const record of golden.records) {
      expect(toHex(encodeFrame(record_magic, record.seq, fromHex(record.payloadHex)))).toBe(record.frameHex);
    }
  });

  it("a fresh Wal appending the golden payloads writes exactly the golden bytes", async () => {
    const temp = makeTempDir("golden");
    cleanups.push(temp.remove);
    const wal = await Wal.open({ dir: temp.dir, schemaHash: golden.schemaHash, registryHash: golden.registryHash });
    for (const record of golden.records) expect((await wal.append(fromHex(record.payloadHex))).seq).toBe(record.seq);
    await wal.close();
    // The file is the golden bytes, then only zero-filled preallocated space (docs/wal.md, "Preallocation").
    const file = readFileSync(join(temp.dir, log_file_name));
    const goldenBytes = golden.fileHex.length / 2;
    expect(toHex(file.subarray(0, goldenBytes))).toBe(golden.fileHex);
    expect(file.subarray(goldenBytes).every((byte) => byte === 0)).toBe(true);
  });

  it("reads the golden file back as the golden records", async () => {
    const temp = makeTempDir("golden-read");
    cleanups.push(temp.remove);
    writeFileSync(join(temp.dir, log_file_name), fromHex(golden.fileHex));
    const wal = await Wal.open({ dir: temp.dir, schemaHash: golden.schemaHash, registryHash: golden.registryHash });
    cleanups.push(() => wal.close());
    const read: WalRecord[] = [];
    for await (const record of wal.records()) read.push(record);
    expect(read.map((r) => ({ seq: r.seq, payloadHex: toHex(r.payload) }))).toEqual(
      golden.records.map((r) => ({ seq: r.seq, payloadHex: r.payloadHex })),
    );
    expect(wal.recovery.tornTail).toBeUndefined();
  });
});
