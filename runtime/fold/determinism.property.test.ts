// A fold result is the same whether computed live (entry by entry as the kernel applies them), after a restart
// (a fresh kernel replaying the recorded entries) or by a full replay of the log bytes into a fresh runner, and it
// matches a reference model of the task lifecycle written independently here. Random histories over several
// overlays, with every task verb, including ones the lifecycle ignores.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { folds } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { ops } from "../../generated/ops.js";
import { decodeCanonical } from "../canonical/index.js";
import { KernelError } from "../errors/index.js";
import type { HistoryEntry } from "../kernel/index.js";
import { Kernel } from "../kernel/index.js";
import { FoldRunner } from "./runner.js";
import type { FoldableEntry } from "./runner.js";

type Verb = "create" | "start" | "complete" | "fail" | "cancel";
type Action =
  | { type: "createSws" }
  | { type: "discard"; sws: number }
  | { type: "task"; sws: number; verb: Verb; pick: number; who: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ type: "createSws" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("discard" as const), sws: fc.nat() }) },
  {
    weight: 14,
    arbitrary: fc.record({
      type: fc.constant("task" as const),
      sws: fc.nat(),
      verb: fc.constantFrom<Verb>("create", "create", "start", "complete", "fail", "cancel"),
      pick: fc.nat(),
      who: fc.nat(2),
    }),
  },
);

const principals = ["alice", "bob", "carol"];

/** The lifecycle, written again from the spec (docs/folds.md) rather than by calling the reducer. */
function referenceNext(state: string, verb: Verb): string {
  if (state === "DONE" || state === "FAILED" || state === "CANCELLED") return state;
  if (verb === "start") return state === "QUEUED" ? "RUNNING" : state;
  if (verb === "complete") return state === "RUNNING" ? "DONE" : state;
  if (verb === "fail") return "FAILED";
  if (verb === "cancel") return "CANCELLED";
  return "QUEUED";
}

interface ModelTask {
  readonly id: string;
  state: string;
  readonly owner: string;
}

/** Runs the actions on a live kernel; returns the kernel, its live runner and the reference model per open view. */
function runLive(actions: readonly Action[]) {
  const runner = new FoldRunner({ domain, folds, development: true });
  const kernel = Kernel.create({ domain, logSink: { append: (entry: HistoryEntry) => runner.ingest(entry) } });
  const model = new Map<string, ModelTask[]>();
  const open: string[] = [];
  for (const action of actions) {
    if (action.type === "createSws") {
      const sws = kernel.createSws();
      open.push(sws);
      model.set(`sws:${sws}`, []);
      continue;
    }
    if (open.length === 0) continue;
    const sws = open[action.sws % open.length]!;
    const tasks = model.get(`sws:${sws}`)!;
    if (action.type === "discard") {
      kernel.discardSws(sws);
      open.splice(open.indexOf(sws), 1);
      model.delete(`sws:${sws}`);
      continue;
    }
    const principal = principals[action.who]!;
    if (action.verb === "create" || tasks.length === 0) {
      const title = `t${tasks.length}`;
      const id = kernel.apply(sws, ops.createTask({ title, intent: "x" }), { principal }).created[0]!.id;
      tasks.push({ id, state: "QUEUED", owner: principal });
      continue;
    }
    const task = tasks[action.pick % tasks.length]!;
    const op =
      action.verb === "start"
        ? ops.startTask({ taskId: task.id })
        : action.verb === "complete"
          ? ops.completeTask({ taskId: task.id })
          : action.verb === "fail"
            ? ops.failTask({ taskId: task.id, reason: "r" })
            : ops.cancelTask({ taskId: task.id });
    kernel.apply(sws, op, { principal });
    task.state = referenceNext(task.state, action.verb);
  }
  return { kernel, runner, model };
}

/** Every derived task field of every open view, as one comparable value. */
function snapshot(runner: FoldRunner, views: readonly string[]): Record<string, Record<string, [unknown, unknown]>> {
  const out: Record<string, Record<string, [unknown, unknown]>> = {};
  for (const view of views) {
    out[view] = {};
    for (const id of runner.records(view, "taskState")) {
      out[view]![id] = [runner.field(view, "Task.state", id), runner.field(view, "Task.owner", id)];
    }
  }
  return out;
}

function allEntries(kernel: Kernel): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (let idx = 0; idx < kernel.nextIdx; idx++) {
    entries.push(decodeCanonical(kernel.encodedEntry(idx)) as unknown as HistoryEntry);
  }
  return entries;
}

describe("fold results: live = restart = full replay = reference model", () => {
  it("holds on random histories", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (actions, development) => {
        const live = runLive(actions);
        const views = [...live.model.keys()].sort();
        const liveValues = snapshot(live.runner, views);

        // The reference model says the same.
        const expected: Record<string, Record<string, [unknown, unknown]>> = {};
        for (const view of views) {
          expected[view] = {};
          for (const task of live.model.get(view)!) expected[view]![task.id] = [task.state, task.owner];
        }
        expect(liveValues).toEqual(expected);

        // Restart: a fresh kernel replays the recorded entries; its runner is fed as it goes.
        const entries = allEntries(live.kernel);
        const restartRunner = new FoldRunner({ domain, folds, development });
        const restarted = Kernel.create({
          domain,
          logSink: { append: (entry: HistoryEntry) => restartRunner.ingest(entry) },
        });
        for (const entry of entries) restarted.replay(entry);
        expect(snapshot(restartRunner, views)).toEqual(liveValues);

        // Full replay: the log bytes alone, into a fresh runner, no kernel at all.
        const replayRunner = new FoldRunner({ domain, folds, development });
        for (const entry of entries) replayRunner.ingest(entry as FoldableEntry);
        expect(snapshot(replayRunner, views)).toEqual(liveValues);
      }),
      { numRuns: 60 },
    );
  });

  it("gives a rejected rewrite no effect on folds (the kernel records nothing, the runner sees nothing)", () => {
    const { kernel, runner } = runLive([
      { type: "createSws" },
      { type: "task", sws: 0, verb: "create", pick: 0, who: 0 },
    ]);
    const [task] = runner.records("sws:0", "taskState");
    expect(() =>
      kernel.apply("0", [ops.startTask({ taskId: task! }), { op: "startTask", input: { taskId: "nope" } }]),
    ).toThrow(KernelError);
    expect(runner.field("sws:0", "Task.state", task)).toBe("QUEUED");
  });
});
