// A child process for the crash and lock tests: `node --import tsx runtime/wal/testing/crash-child.ts <mode> <dir> ...`
//
//   append <dir> <seed> <payloadBytesMax> <shortWriteBytes|0> <preallocateBytes>
//       opens the WAL (group commit), prints "open <nextSeq>", then appends forever from several concurrent appenders,
//       printing "ack <seq>" for each acknowledged (durable) record. The payload of seq s is payloadFor(seed, s, max),
//       so the parent can check every surviving record. With shortWriteBytes > 0 every write is cut into pieces of
//       that size (separate syscalls), so a SIGKILL often lands inside a batch and leaves a torn tail. A small
//       preallocation step makes kills land inside file growth too.
//   hold <dir>
//       opens the WAL, prints "open <nextSeq>" and waits to be killed (lock tests).
import { FaultyFileSystem, NodeFileSystem } from "../../storage/index.js";
import { Wal } from "../index.js";
import { payloadFor, test_registry_hash, test_schema_hash } from "./fixtures.js";

const appenders_in_flight = 16;

const [mode, dir, seedText, payloadMaxText, shortWriteText, preallocateText] = process.argv.slice(2);
if (dir === undefined || (mode !== "append" && mode !== "hold")) {
  process.stderr.write("usage: crash-child.ts append <dir> <seed> <payloadBytesMax> <shortWriteBytes> | hold <dir>\n");
  process.exit(2);
}

const fileSystem = new FaultyFileSystem(new NodeFileSystem(), "wal.log");
const shortWriteBytes = Number(shortWriteText ?? 0);
if (shortWriteBytes > 0) fileSystem.shortWriteBytesMax = shortWriteBytes;

const wal = await Wal.open({
  dir,
  schemaHash: test_schema_hash,
  registryHash: test_registry_hash,
  fsync: "group",
  fileSystem,
  ...(preallocateText !== undefined && { preallocateBytes: Number(preallocateText) }),
  onWarning: (message) => process.stderr.write(`${message}\n`),
});
process.stdout.write(`open ${wal.nextSeq}\n`);

if (mode === "hold") {
  setInterval(() => undefined, 1 << 30);
} else {
  const seed = Number(seedText);
  const payloadMax = Number(payloadMaxText);
  const appendForever = async (): Promise<never> => {
    for (;;) {
      const expected = wal.nextSeq;
      const { seq } = await wal.append(payloadFor(seed, expected, payloadMax));
      if (seq !== expected) throw new Error(`append got seq ${seq}, expected ${expected}`);
      // Pipes are synchronous on Linux: once this returns the parent can read the line, even if we die next.
      process.stdout.write(`ack ${seq}\n`);
    }
  };
  await Promise.all(Array.from({ length: appenders_in_flight }, appendForever));
}
