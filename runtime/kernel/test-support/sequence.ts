// Runs a scripted kernel session described as data (test-vectors/digests/kernel-sequence.json) and returns what
// each step produced. Tests compare that with the recorded expectations, and run it in fresh processes to show
// the same script gives the same bytes every time.
import { readFileSync } from "node:fs";
import { taskDomain } from "../../domain/sample/task-domain.js";
import type { RewriteOp } from "../../rewrite/index.js";
import { Kernel } from "../kernel.js";

export type SequenceStep =
  | { readonly do: "graph"; readonly view: string }
  | { readonly do: "createSws" }
  | { readonly do: "apply"; readonly target: string; readonly ops: readonly RewriteOp[] }
  | { readonly do: "discardSws"; readonly target: string }
  | { readonly do: "rewrites"; readonly view?: string };

export interface SequenceVector {
  readonly description: string;
  readonly steps: readonly { readonly step: SequenceStep; readonly expect: unknown }[];
}

export function runStep(kernel: Kernel, step: SequenceStep): unknown {
  switch (step.do) {
    case "graph":
      return kernel.graph(step.view);
    case "createSws":
      return { sws: kernel.createSws() };
    case "apply":
      return kernel.apply(step.target, step.ops);
    case "discardSws":
      return kernel.discardSws(step.target);
    case "rewrites":
      return kernel.rewrites(step.view === undefined ? { first: 1000 } : { first: 1000, view: step.view });
  }
}

export function runSequence(steps: readonly SequenceStep[]): unknown[] {
  const kernel = Kernel.create({ domain: taskDomain });
  return steps.map((step) => runStep(kernel, step));
}

export function readSequenceVector(path: string): SequenceVector {
  return JSON.parse(readFileSync(path, "utf8")) as SequenceVector;
}

// As a script: `node --import tsx sequence.ts <vector.json>` prints the results as JSON (the determinism test).
// With `--write`, it records the results as the vector's expectations (to create or deliberately update it).
if (process.argv[1]?.endsWith("sequence.ts") && process.argv[2] !== undefined) {
  const vector = readSequenceVector(process.argv[2]);
  const results = runSequence(vector.steps.map(({ step }) => step));
  if (process.argv[3] === "--write") {
    const { writeFileSync } = await import("node:fs");
    const steps = vector.steps.map(({ step }, i) => ({ step, expect: results[i] }));
    writeFileSync(process.argv[2], `${JSON.stringify({ ...vector, steps }, null, 2)}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(results)}\n`);
  }
}
