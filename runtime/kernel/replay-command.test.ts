import { describe, expect, it } from "vitest";
import { CanonicalDecodeError, decodeCanonical, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import type { HistoryEntry } from "./history.js";
import { Kernel } from "./kernel.js";
import { readLoggedCommand } from "./replay-command.js";

const createTask = (title: string) => ({ op: "createTask", input: { title, intent: "test", priority: 3 } });

/** A kernel with every entry kind replay reads from bytes: create, rewrites (with and without meta), collapse, discard. */
function sampleKernel(): Kernel {
  const kernel = Kernel.create({ domain: taskDomain });
  const first = kernel.createSws({ who: "ada" });
  kernel.apply(first, createTask("a"));
  kernel.apply(first, [createTask("b"), createTask("c")], { why: "batch", n: 2 });
  kernel.collapse(first);
  const second = kernel.createSws();
  kernel.apply(second, createTask("d"));
  kernel.discardSws(second);
  return kernel;
}

function entries(kernel: Kernel): { bytes: Uint8Array; entry: HistoryEntry }[] {
  return Array.from({ length: kernel.nextIdx }, (_, idx) => {
    const bytes = kernel.encodedEntry(idx).slice();
    return { bytes, entry: decodeCanonical(bytes) as unknown as HistoryEntry };
  });
}

describe("replay reads only the command from a logged entry", () => {
  it("reads the idx, the view and the ops and meta as the strict decoder gives them", () => {
    for (const { bytes, entry } of entries(sampleKernel())) {
      const logged = readLoggedCommand(bytes);
      expect(logged).not.toBeNull();
      expect(logged!.idx).toBe(entry.idx);
      const command = logged!.command as { type: string; target?: string; ops?: unknown; meta?: unknown };
      expect(command.type).toBe(entry.type);
      // An empty meta comes back as "no meta": the kernel records both as {} (the same bytes).
      expect(command.meta ?? {}).toEqual(entry.meta);
      if (entry.type !== "sws.create") expect(command.target).toBe(entry.view);
      if (entry.type === "rewrite") expect(command.ops).toEqual(entry.ops);
    }
  });

  it("leaves entries it does not read to the strict decoder (null)", () => {
    expect(readLoggedCommand(encodeCanonical({ idx: 0, type: "policy.deny", view: "sws:0", meta: {} }))).toBeNull();
    expect(readLoggedCommand(encodeCanonical([1, 2, 3]))).toBeNull();
    expect(readLoggedCommand(Uint8Array.of(0xa3, 0x63))).toBeNull(); // truncated
  });

  it("a replica rebuilt from the bytes has the same state and history", () => {
    const kernel = sampleKernel();
    const replica = Kernel.create({ domain: taskDomain });
    for (const { bytes } of entries(kernel)) replica.replayEncoded(bytes);
    expect(replica.graph("system")).toEqual(kernel.graph("system"));
    expect(replica.rewrites({ first: 100 })).toEqual(kernel.rewrites({ first: 100 }));
  });

  it("still refuses an entry whose skipped fields differ: a receipt digest, a non-canonical encoding", () => {
    const kernel = sampleKernel();
    const logged = entries(kernel);
    const rewrite = logged[1]!;
    // The receipt is never read, only compared: a forged digest is a divergence at that idx.
    const forged = encodeCanonical({
      ...rewrite.entry,
      receipt: { ...rewrite.entry.receipt, viewDigest: "0".repeat(64) },
    } as unknown as CanonicalValue);
    const replica = Kernel.create({ domain: taskDomain });
    replica.replayEncoded(logged[0]!.bytes);
    expect(() => replica.replayEncoded(forged)).toThrow(/replay diverged at idx 1/);

    // The same entry with its idx in a non-shortest form (0x18 0x01 for 1): readable, but not the bytes the kernel
    // writes, so replay must not accept it.
    const canonical = rewrite.bytes;
    expect(canonical[1]).toBe(0x63); // "idx" key first (text of 3)
    const idxAt = 1 + 4;
    expect(canonical[idxAt]).toBe(0x01);
    const nonCanonical = Uint8Array.from([
      ...canonical.subarray(0, idxAt),
      0x18,
      0x01,
      ...canonical.subarray(idxAt + 1),
    ]);
    const other = Kernel.create({ domain: taskDomain });
    other.replayEncoded(logged[0]!.bytes);
    // The strict decoder names what is wrong and where; the replica, which ran the command, stops.
    expect(() => other.replayEncoded(nonCanonical)).toThrow(CanonicalDecodeError);
    expect(() => other.createSws()).toThrow(/accepts no more commands/);
  });
});
