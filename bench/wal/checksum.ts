// Per-record checksum cost: CRC-32 (node:zlib) vs BLAKE3 (runtime/hash), at record sizes the kernel writes.
// The figures behind docs/adr/0061-wal-record-checksum.md.
import { crc32 } from "node:zlib";
import { blake3 } from "../../runtime/hash/index.js";

const iterations = 200_000;
export const checksum_sizes_bytes = [64, 256, 1024, 4096] as const;

export interface ChecksumFigure {
  readonly sizeBytes: number;
  readonly crc32Ns: number;
  readonly blake3Ns: number;
}

function nsPerCall(hash: (bytes: Uint8Array) => unknown, bytes: Uint8Array): number {
  for (let i = 0; i < iterations / 10; i++) hash(bytes); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) hash(bytes);
  return Number(process.hrtime.bigint() - start) / iterations;
}

export function measureChecksums(): ChecksumFigure[] {
  return checksum_sizes_bytes.map((sizeBytes) => {
    const bytes = new Uint8Array(sizeBytes).map((_, i) => (i * 31) & 0xff);
    return { sizeBytes, crc32Ns: nsPerCall((b) => crc32(b), bytes), blake3Ns: nsPerCall(blake3, bytes) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of measureChecksums()) {
    console.log(
      `${figure.sizeBytes} B: crc32 ${figure.crc32Ns.toFixed(0)} ns, blake3 ${figure.blake3Ns.toFixed(0)} ns`,
    );
  }
}
