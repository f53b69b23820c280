// The fold runner over a real kernel and the kernel's own domain (generated/ + the reducers in schema/folds/):
// derived fields per view, overlay isolation, and the development-mode purity checks with errors naming the fold.
import { describe, expect, it } from "vitest";
import { folds } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { ops } from "../../generated/ops.js";
import type { HistoryEntry } from "../kernel/index.js";
import { Kernel } from "../kernel/index.js";
import { FoldRunner } from "./runner.js";
import type { FoldRegistration } from "./spec.js";

/** A kernel whose log sink feeds a fold runner entry by entry: the live, incremental path. */
function liveKernel(registrations: readonly FoldRegistration[] = folds) {
  const runner = new FoldRunner({ domain, folds: registrations, development: true });
  const kernel = Kernel.create({ domain, logSink: { append: (entry: HistoryEntry) => runner.ingest(entry) } });
  return { kernel, runner };
}

function createdTask(kernel: Kernel, sws: string, title: string, meta?: { principal: string }): string {
  return kernel.apply(sws, ops.createTask({ title, intent: "demo" }), meta).created[0]!.id;
}

describe("FoldRunner on the kernel's own domain", () => {
  it("derives Task.state from task events: QUEUED, RUNNING, DONE, and FAILED / CANCELLED as final states", () => {
    const { kernel, runner } = liveKernel();
    const sws = kernel.createSws();
    const done = createdTask(kernel, sws, "done");
    const failed = createdTask(kernel, sws, "failed");
    const cancelled = createdTask(kernel, sws, "cancelled");
    expect(runner.field(`sws:${sws}`, "Task.state", done)).toBe("QUEUED");
    kernel.apply(sws, ops.startTask({ taskId: done }));
    expect(runner.field(`sws:${sws}`, "Task.state", done)).toBe("RUNNING");
    kernel.apply(sws, [ops.completeTask({ taskId: done }), ops.failTask({ taskId: failed, reason: "no disk" })]);
    kernel.apply(sws, ops.cancelTask({ taskId: cancelled }));
    kernel.apply(sws, ops.startTask({ taskId: cancelled })); // too late: CANCELLED is final
    expect(runner.field(`sws:${sws}`, "Task.state", done)).toBe("DONE");
    expect(runner.field(`sws:${sws}`, "Task.state", failed)).toBe("FAILED");
    expect(runner.field(`sws:${sws}`, "Task.state", cancelled)).toBe("CANCELLED");
    expect(runner.records(`sws:${sws}`, "taskState")).toEqual([cancelled, done, failed].sort());
  });

  it("reads the principal from the rewrite's meta for Task.owner", () => {
    const { kernel, runner } = liveKernel();
    const sws = kernel.createSws();
    const task = createdTask(kernel, sws, "owned", { principal: "alice" });
    expect(runner.field(`sws:${sws}`, "Task.owner", task)).toBe("alice");
  });

  it("keeps each overlay's folds to itself and shows a new overlay the system's states", () => {
    const { kernel, runner } = liveKernel();
    const a = kernel.createSws();
    const b = kernel.createSws();
    const task = createdTask(kernel, a, "only in a");
    kernel.apply(a, ops.startTask({ taskId: task }));
    expect(runner.field(`sws:${a}`, "Task.state", task)).toBe("RUNNING");
    expect(runner.records(`sws:${b}`, "taskState")).toEqual([]);
    expect(runner.records("system", "taskState")).toEqual([]);
    kernel.discardSws(a);
    expect(() => runner.field(`sws:${a}`, "Task.state", task)).toThrow(/no open overlay sws:0/);
  });

  it("refuses entries out of order, unknown folds and unknown fields with messages that say what exists", () => {
    const runner = new FoldRunner({ domain, folds, development: true });
    expect(() =>
      runner.ingest({ idx: 3, type: "sws.create", view: "sws:0", receipt: { viewDigest: "0".repeat(64) } }),
    ).toThrow(/got history idx 3, expected 0/);
    expect(() => runner.value("system", "nope")).toThrow(/no fold nope; registered folds: invocationState, slapState/);
    expect(() => runner.field("system", "Task.title", "x")).toThrow(
      /no fold derives Task.title; derived fields: Invocation.state/,
    );
  });
});

/** taskState's spec with a reducer of the test's choosing. */
function withReducer(reducer: FoldRegistration["reducer"]): FoldRegistration[] {
  const spec = folds.find((fold) => fold.name === "taskState")!;
  return [{ ...spec, name: "taskState", reducer }];
}

function runOneTask(registrations: readonly FoldRegistration[]) {
  const { kernel, runner } = liveKernel(registrations);
  const sws = kernel.createSws();
  const task = createdTask(kernel, sws, "t");
  return { runner, view: `sws:${sws}`, task };
}

describe("development-mode purity checks", () => {
  it("names the fold and the idx when a reducer reads the wall clock", () => {
    const { runner, view, task } = runOneTask(
      withReducer({ initial: 0, reduce: () => new Date().getTime(), result: () => "QUEUED" }),
    );
    expect(runner.failure("taskState")?.message).toMatch(
      /fold taskState at history idx 1: is impure: reduce\(createTask\) read the wall clock/,
    );
    expect(() => runner.field(view, "Task.state", task)).toThrow(/fold taskState .* impure/);
  });

  it("refuses Math.random, and restores it afterwards", () => {
    const { runner } = runOneTask(withReducer({ initial: 0, reduce: () => Math.random(), result: () => "QUEUED" }));
    expect(runner.failure("taskState")?.message).toMatch(/read Math.random/);
    expect(typeof Math.random()).toBe("number");
    expect(typeof Date.now()).toBe("number");
  });

  it("detects a reducer that gives different answers for the same input (hidden state)", () => {
    let calls = 0;
    const { runner } = runOneTask(withReducer({ initial: 0, reduce: () => ++calls, result: () => "QUEUED" }));
    expect(runner.failure("taskState")?.message).toMatch(
      /is impure: reduce\(createTask\) returned different values for the same input/,
    );
  });

  it("detects a reducer that mutates its state instead of returning a new one", () => {
    const { runner } = runOneTask(
      withReducer({
        initial: { seen: [] as string[] },
        reduce: (state: { seen: string[] }, event: { op: string }) => {
          state.seen.push(event.op);
          return state;
        },
        result: () => "QUEUED",
      } as unknown as FoldRegistration["reducer"]),
    );
    expect(runner.failure("taskState")?.message).toMatch(/reduce\(createTask\) threw: .*states and events are frozen/);
  });

  it("requires states to be plain data", () => {
    const { runner } = runOneTask(withReducer({ initial: 0, reduce: () => new Map(), result: () => "QUEUED" }));
    expect(runner.failure("taskState")?.message).toMatch(/result is not plain canonical data/);
  });

  it("lets other folds keep working when one fails", () => {
    const broken = withReducer({ initial: 0, reduce: () => Math.random(), result: () => "QUEUED" });
    const owner = folds.find((fold) => fold.name === "taskOwner")!;
    const { runner, view, task } = runOneTask([...broken, owner]);
    expect(runner.field(view, "Task.owner", task)).toBe("");
  });
});
