// Hashing and canonical-encoding benchmark: `npx tsx bench/hash/run.ts [--runs N]`.
//
// Prints the median of several runs for: BLAKE3 throughput on one 64 MB buffer and hashes/s on 128-byte records,
// for both BLAKE3 libraries, our size-dispatching `blake3`, and node's sha256 as the yardstick; then the canonical
// encoder and decoder against cbor2 (the peer library) on a typical kernel record, and digestOf per record.
// Figures feed docs/adr/0011-blake3-implementation.md.
import { createHash } from "node:crypto";
import { decode as cbor2Decode, encode as cbor2Encode } from "cbor2";
import { sortCoreDeterministic } from "cbor2/sorts";
import { decodeCanonical, encodeCanonical } from "../../runtime/canonical/index.js";
import type { CanonicalValue } from "../../runtime/canonical/index.js";
import { blake3Implementations } from "../../runtime/hash/blake3.js";
import { blake3, digestOf } from "../../runtime/hash/index.js";

const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
const large_buffer_bytes = 64 * 1024 * 1024;
const record_bytes = 128;
const records_per_run = 100_000;
const crossover_sizes_bytes = [256, 1024, 1536, 2048, 3072, 4096, 16384];
const crossover_bytes_per_run = 32 * 1024 * 1024;
const encode_records_per_run = 100_000;
/** cbor2 is far slower per record; fewer records keep the bench short without changing its rate. */
const peer_records_per_run = 2_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median seconds per run of `work`, after one warm-up run. */
function time(work: () => void): number {
  work();
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    work();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(seconds);
}

const sha256 = (bytes: Uint8Array): Uint8Array => createHash("sha256").update(bytes).digest();
const hashers: [string, (bytes: Uint8Array) => Uint8Array][] = [
  ["blake3 (dispatch)", blake3],
  ...Object.entries(blake3Implementations),
  ["node sha256", sha256],
];

function deterministicBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

console.log(`median of ${runs} runs, node ${process.version}, ${process.arch}\n`);

const large = deterministicBytes(large_buffer_bytes);
const records = Array.from({ length: 1024 }, (_, i) => deterministicBytes(record_bytes).map((b) => b ^ (i & 0xff)));
const throughput = new Map<string, number>();
const rate = new Map<string, number>();
for (const [name, hash] of hashers) {
  throughput.set(name, large_buffer_bytes / 1e6 / time(() => hash(large)));
  rate.set(
    name,
    records_per_run /
      time(() => {
        for (let i = 0; i < records_per_run; i++) hash(records[i & 1023] as Uint8Array);
      }),
  );
}
console.log(`${pad("hash", 22)}${pad("MB/s (64 MB)", 16)}hashes/s (128 B)`);
for (const [name] of hashers) {
  console.log(`${pad(name, 22)}${pad(fmt(throughput.get(name) ?? 0), 16)}${fmt(rate.get(name) ?? 0)}`);
}
const ratio = (a: string, b: string, of: Map<string, number>): string =>
  ((of.get(a) ?? 0) / (of.get(b) ?? 1)).toFixed(2);
console.log(
  `\nratios  napi/wasm: ${ratio("@napi-rs/blake-hash", "hash-wasm", throughput)}x MB/s, ` +
    `${ratio("@napi-rs/blake-hash", "hash-wasm", rate)}x hashes/s`,
);
console.log(
  `        dispatch/sha256: ${ratio("blake3 (dispatch)", "node sha256", throughput)}x MB/s, ` +
    `${ratio("blake3 (dispatch)", "node sha256", rate)}x hashes/s`,
);

// Where the dispatch threshold (blake3_native_min_bytes) comes from: per-size rates of the two libraries.
console.log(`\n${pad("input bytes", 14)}${pad("hash-wasm MB/s", 18)}${pad("napi MB/s", 14)}faster`);
for (const size of crossover_sizes_bytes) {
  const input = deterministicBytes(size);
  const count = Math.max(64, Math.floor(crossover_bytes_per_run / size));
  const [wasm, native] = Object.values(blake3Implementations).map(
    (hash) =>
      (count * size) /
      1e6 /
      time(() => {
        for (let i = 0; i < count; i++) hash(input);
      }),
  ) as [number, number];
  console.log(
    `${pad(String(size), 14)}${pad(fmt(wasm), 18)}${pad(fmt(native), 14)}${wasm >= native ? "hash-wasm" : "napi"}`,
  );
}

// A record shaped like the kernel's per-rewrite records: ids, a kind, a few attributes, a small payload.
const sampleRecords: CanonicalValue[] = Array.from({ length: 256 }, (_, i) => ({
  id: `node-${i}`,
  kind: i % 7,
  attrs: { label: `label ${i}`, weight: i + 0.5, tags: ["a", "b"], done: i % 2 === 0 },
  payload: deterministicBytes(16),
  createdBy: { rewriteIdx: i * 3, view: "system" },
}));
const encodedSample = sampleRecords.map((record) => encodeCanonical(record));
const averageBytes = encodedSample.reduce((sum, bytes) => sum + bytes.length, 0) / encodedSample.length;
const cbor2Options = { sortKeys: sortCoreDeterministic, float64: true, simplifyNegativeZero: true };

const perRecord = (work: (i: number) => void, count = encode_records_per_run): number =>
  count /
  time(() => {
    for (let i = 0; i < count; i++) work(i & 255);
  });
const encodeRate = perRecord((i) => encodeCanonical(sampleRecords[i] as CanonicalValue));
const cbor2EncodeRate = perRecord((i) => cbor2Encode(sampleRecords[i], cbor2Options), peer_records_per_run);
const decodeRate = perRecord((i) => decodeCanonical(encodedSample[i] as Uint8Array));
const cbor2DecodeRate = perRecord((i) => cbor2Decode(encodedSample[i] as Uint8Array), peer_records_per_run);
const digestRate = perRecord((i) => digestOf("node-record-v0", sampleRecords[i] as CanonicalValue));

console.log(`\ncanonical encoding of a ${averageBytes.toFixed(0)}-byte record (records/s, MB/s)`);
const row = (name: string, perSecond: number): void =>
  console.log(`${pad(name, 30)}${pad(fmt(perSecond), 12)}${fmt((perSecond * averageBytes) / 1e6)}`);
row("encodeCanonical", encodeRate);
row("cbor2 encode (deterministic)", cbor2EncodeRate);
row("decodeCanonical (strict)", decodeRate);
row("cbor2 decode", cbor2DecodeRate);
row("digestOf (encode + blake3)", digestRate);
console.log(
  `\nratios  encode ours/cbor2: ${(encodeRate / cbor2EncodeRate).toFixed(2)}x, ` +
    `decode ours/cbor2: ${(decodeRate / cbor2DecodeRate).toFixed(2)}x`,
);
