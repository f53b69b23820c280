// The scripted session gives identical results in fresh processes, and those results are the golden vector.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readSequenceVector } from "./test-support/sequence.js";

const vectorPath = fileURLToPath(new URL("../../test-vectors/digests/kernel-sequence.json", import.meta.url));
const scriptPath = fileURLToPath(new URL("./test-support/sequence.ts", import.meta.url));

function runInFreshProcess(): unknown[] {
  const stdout = execFileSync(process.execPath, ["--import", "tsx", scriptPath, vectorPath], { encoding: "utf8" });
  return JSON.parse(stdout) as unknown[];
}

interface GraphResult {
  digest: string;
}

describe("determinism", () => {
  it("two fresh processes running the scripted session print the same digests and history", () => {
    const first = runInFreshProcess();
    const second = runInFreshProcess();
    expect(second).toEqual(first);
  });

  it("the session matches the golden vector and shows overlay isolation and an ascending history", () => {
    const results = runInFreshProcess();
    const vector = readSequenceVector(vectorPath);
    expect(results).toEqual(vector.steps.map(({ expect: expected }) => expected));
    const [h0, created, , swsGraph, systemAfter] = results as [
      GraphResult,
      { sws: string },
      unknown,
      GraphResult,
      GraphResult,
    ];
    expect(created.sws).toBe("0");
    expect(swsGraph.digest).not.toBe(h0.digest);
    expect(systemAfter.digest).toBe(h0.digest);
    const history = results[results.length - 1] as { items: { idx: number }[] };
    expect(history.items.map((entry) => entry.idx)).toEqual(history.items.map((_, i) => i));
  });
});
