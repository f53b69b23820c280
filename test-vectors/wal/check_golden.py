#!/usr/bin/env python3
"""An independent reader of golden-v1.json, written from README.md alone (Python stdlib: zlib.crc32, struct).

Run: python3 test-vectors/wal/check_golden.py   -- prints "ok" or fails an assertion naming the byte offset.
"""
import json
import pathlib
import struct
import zlib

vectors = json.loads((pathlib.Path(__file__).parent / "golden-v1.json").read_text())
data = bytes.fromhex(vectors["fileHex"])

assert data[:8] == b"JITOSWAL", "header magic"
version, reserved, payload_len, crc = struct.unpack(">HHII", data[8:20])
assert (version, reserved) == (1, 0), "header version/reserved"
assert zlib.crc32(data[20 : 20 + payload_len], zlib.crc32(data[:16])) == crc, "header checksum"
assert data[: 20 + payload_len].hex() == vectors["header"]["hex"], "header bytes"

offset, seq = 20 + payload_len, vectors["header"]["baseSeq"]
while offset < len(data):
    assert data[offset : offset + 4] == b"JREC", f"record magic at byte {offset}"
    crc, version, reserved, length, frame_seq = struct.unpack(">IHHIQ", data[offset + 4 : offset + 24])
    assert (version, reserved, frame_seq) == (1, 0, seq), f"record fields at byte {offset}"
    assert zlib.crc32(data[offset + 8 : offset + 24 + length]) == crc, f"record checksum at byte {offset}"
    assert data[offset : offset + 24 + length].hex() == vectors["records"][seq]["frameHex"], f"frame {seq}"
    offset, seq = offset + 24 + length, seq + 1

assert seq == len(vectors["records"]), "record count"
print(f"ok: header + {seq} records")
