import { describe, expect, it } from "vitest";
import { encodeFrame, frame_header_bytes, record_magic } from "./frame.js";
import { checksumMatches, readFrameHeader } from "./frame.js";

describe("record frame", () => {
  for (const seq of [0, 1, 0xffff_ffff, 0x1_0000_0000, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
    it(`round-trips seq ${seq} through the u64 field`, () => {
      const payload = Uint8Array.of(1, 2, 3);
      const frame = encodeFrame(record_magic, seq, payload);
      const header = readFrameHeader(frame, 0);
      expect(header.seq).toBe(seq);
      expect(header.payloadBytes).toBe(3);
      expect(checksumMatches(frame, 0, header, frame.subarray(frame_header_bytes))).toBe(true);
      expect(checksumMatches(frame, 0, header, payload)).toBe(true); // payload held apart from the header
      expect(checksumMatches(frame, 0, header, Uint8Array.of(1, 2, 4))).toBe(false);
    });
  }

  it("reads a u64 seq beyond 2^53 as -1 so contiguity checks reject it", () => {
    const frame = encodeFrame(record_magic, 0, new Uint8Array(0));
    frame[16] = 0x00;
    frame[17] = 0x20; // high word 0x0020_0000: seq = 2^53
    expect(readFrameHeader(frame, 0).seq).toBe(-1);
  });
});
