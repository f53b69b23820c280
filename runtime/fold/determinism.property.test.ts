// A fold result is the same whether computed live (entry by entry as the kernel applies them), after a restart
// (a fresh kernel replaying the recorded entries) or by a full replay of the log bytes into a fresh runner, and it
// matches a reference model of the task lifecycle written independently here. Random histories over several
// overlays, with every task verb (including ones the lifecycle ignores), discards and collapses into the system.
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folds } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { ops } from "../../generated/ops.js";
import { decodeCanonical } from "../canonical/index.js";
import { KernelError } from "../errors/index.js";
import type { HistoryEntry } from "../kernel/index.js";
import { Kernel, recoveryOf } from "../kernel/index.js";
import { FoldRunner } from "./runner.js";
import type { FoldableEntry } from "./runner.js";

type Verb = "create" | "start" | "complete" | "fail" | "cancel";
type Action =
  | { type: "createSws" }
  | { type: "discard"; sws: number }
  | { type: "collapse"; sws: number }
  | { type: "task"; sws: number; verb: Verb; pick: number; who: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ type: "createSws" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("discard" as const), sws: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("collapse" as const), sws: fc.nat() }) },
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

type ModelTasks = Map<string, { state: string; owner: string }>;
interface ModelEvent {
  readonly verb: Verb;
  readonly id: string;
  readonly principal: string;
}

function applyModel(tasks: ModelTasks, event: ModelEvent): void {
  const task = tasks.get(event.id);
  if (event.verb !== "create") task!.state = referenceNext(task!.state, event.verb);
  // A create of a task the view already holds happens when a collapse merges an overlay that created the same
  // record (same op on the same base: the same id, ADR 0020) as one merged before it: a final state stays final,
  // and the creator named last becomes the owner.
  else
    tasks.set(event.id, {
      state: task === undefined ? "QUEUED" : referenceNext(task.state, "create"),
      owner: event.principal,
    });
}

/**
 * Runs the actions on a live kernel; returns the kernel, its live runner and the reference model: per view the
 * tasks it sees; an overlay starts from a copy of the system's and a committed collapse replays its events there.
 */
function runLive(actions: readonly Action[]) {
  const runner = new FoldRunner({ domain, folds, development: true });
  const kernel = Kernel.create({ domain, logSink: { append: (entry: HistoryEntry) => runner.ingest(entry) } });
  return { runner, ...drive(kernel, actions) };
}

function drive(kernel: Kernel, actions: readonly Action[]) {
  const system: ModelTasks = new Map();
  const overlays = new Map<string, { tasks: ModelTasks; events: ModelEvent[] }>();
  let collapses = 0;
  const copy = (tasks: ModelTasks): ModelTasks => new Map([...tasks].map(([id, task]) => [id, { ...task }]));
  for (const action of actions) {
    if (action.type === "createSws") {
      overlays.set(kernel.createSws(), { tasks: copy(system), events: [] });
      continue;
    }
    const open = [...overlays.keys()];
    if (open.length === 0) continue;
    const sws = open[action.sws % open.length]!;
    const overlay = overlays.get(sws)!;
    if (action.type === "discard") {
      kernel.discardSws(sws);
      overlays.delete(sws);
      continue;
    }
    if (action.type === "collapse") {
      if (kernel.collapse(sws).committed) {
        for (const event of overlay.events) applyModel(system, event);
        overlays.delete(sws);
        collapses++;
      }
      continue;
    }
    const principal = principals[action.who]!;
    const ids = [...overlay.tasks.keys()];
    if (action.verb === "create" || ids.length === 0) {
      const title = `t${overlay.events.length}`;
      const id = kernel.apply(sws, ops.createTask({ title, intent: "x" }), { principal }).created[0]!.id;
      const event = { verb: "create" as const, id, principal };
      applyModel(overlay.tasks, event);
      overlay.events.push(event);
      continue;
    }
    const id = ids[action.pick % ids.length]!;
    const op =
      action.verb === "start"
        ? ops.startTask({ taskId: id })
        : action.verb === "complete"
          ? ops.completeTask({ taskId: id })
          : action.verb === "fail"
            ? ops.failTask({ taskId: id, reason: "r" })
            : ops.cancelTask({ taskId: id });
    kernel.apply(sws, op, { principal });
    const event = { verb: action.verb, id, principal };
    applyModel(overlay.tasks, event);
    overlay.events.push(event);
  }
  const model = new Map<string, ModelTasks>([["system", system]]);
  for (const [sws, overlay] of overlays) model.set(`sws:${sws}`, overlay.tasks);
  return { kernel, model, collapses };
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
  it("holds on random histories, collapses included", () => {
    let collapses = 0;
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (actions, development) => {
        const live = runLive(actions);
        collapses += live.collapses;
        const views = [...live.model.keys()].sort();
        const liveValues = snapshot(live.runner, views);

        // The reference model says the same.
        const expected: Record<string, Record<string, [unknown, unknown]>> = {};
        for (const view of views) {
          expected[view] = {};
          for (const [id, task] of live.model.get(view)!) expected[view]![id] = [task.state, task.owner];
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
      {
        numRuns: 80,
        examples: [
          // Two overlays create the same task (same op on the same base, so the same id); the first fails it and
          // collapses, then the second collapses: its create reaches a FAILED task in the system.
          [
            [
              { type: "createSws" },
              { type: "createSws" },
              { type: "task", sws: 0, verb: "create", pick: 0, who: 0 },
              { type: "task", sws: 1, verb: "create", pick: 0, who: 1 },
              { type: "task", sws: 0, verb: "fail", pick: 0, who: 0 },
              { type: "collapse", sws: 0 },
              { type: "collapse", sws: 0 },
            ],
            false,
          ],
        ],
      },
    );
    expect(collapses).toBeGreaterThan(0); // the generator really exercises the system view
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

  it("holds across a real restart: Kernel.open on the WAL, with and without checkpoints", async () => {
    let loadedBelowCheckpoint = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0, 3, 11),
        async (actions, checkpointEveryRecords) => {
          const dataDir = mkdtempSync(join(tmpdir(), "jitos-fold-restart-"));
          try {
            const options = {
              dataDir,
              domain,
              folds,
              fsync: "off" as const,
              checkpointEveryRecords,
              onWarning: () => {},
            };
            const first = await Kernel.open(options);
            const { model } = drive(first, actions);
            const values = (kernel: Kernel) =>
              [...model].map(([view, tasks]) => [
                view,
                [...tasks.keys()].map((id) => [
                  id,
                  kernel.derived(view, "Task.state", id),
                  kernel.derived(view, "Task.owner", id),
                ]),
              ]);
            const expected = [...model].map(([view, tasks]) => [
              view,
              [...tasks].map(([id, task]) => [id, task.state, task.owner]),
            ]);
            expect(values(first)).toEqual(expected);
            await first.close();
            const reopened = await Kernel.open(options);
            expect(values(reopened)).toEqual(expected);
            loadedBelowCheckpoint += recoveryOf(reopened)?.entriesLoaded ?? 0;
            await reopened.close();
          } finally {
            rmSync(dataDir, { recursive: true, force: true });
          }
        },
      ),
      {
        numRuns: 15,
        // Checkpoints are written in the background; this history is long enough for one before close.
        examples: [
          [
            [
              { type: "createSws" },
              ...Array.from({ length: 12 }, () => ({
                type: "task" as const,
                sws: 0,
                verb: "create" as const,
                pick: 0,
                who: 0,
              })),
            ],
            3,
          ],
        ],
      },
    );
    // Entries below a checkpoint are loaded, not re-run: the folds must still have seen them.
    expect(loadedBelowCheckpoint).toBeGreaterThan(0);
  });
});
