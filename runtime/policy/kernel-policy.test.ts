// Policy through the whole kernel path, in-process: the kernel's own domain (generated policy table + the
// predicates in schema/policy.ts), every path (allowed, missing capability, predicate denial, unknown and missing
// principal, v0 ops), denials recorded in history and replayed bit for bit, durable across Kernel.open.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folds, policy } from "../../generated/bindings.js";
import { domain } from "../../generated/domain.js";
import { ops } from "../../generated/ops.js";
import { KernelError } from "../errors/index.js";
import type { HistoryEntry } from "../kernel/index.js";
import { Kernel } from "../kernel/index.js";
import { PolicyEngine } from "./engine.js";
import { PrincipalRegistry } from "./principals.js";

function principals(): PrincipalRegistry {
  return new PrincipalRegistry([
    { id: "alice", capabilities: ["task:write", "task:run"] },
    { id: "bob", capabilities: ["task:write"] },
    { id: "reader", capabilities: [] },
    { id: "admin", capabilities: ["task:admin", "task:write"] },
  ]);
}

function kernelWithPolicy(registry = principals()) {
  const kernel = Kernel.create({ domain, folds, policy: new PolicyEngine(policy, registry) });
  const sws = kernel.createSws();
  return { kernel, sws, registry };
}

function refusal(run: () => unknown): KernelError {
  try {
    run();
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error("expected FORBIDDEN");
}

function lastEntry(kernel: Kernel): HistoryEntry {
  const page = kernel.rewrites({ after: kernel.nextIdx - 2, first: 1 });
  return page.items[0]!;
}

describe("policy in the kernel (in-process)", () => {
  it("allows an op whose capabilities the principal holds, and records who applied it", () => {
    const { kernel, sws } = kernelWithPolicy();
    const result = kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "alice" });
    const task = result.created[0]!.id;
    expect(kernel.derived(`sws:${sws}`, "Task.owner", task)).toBe("alice");
    expect(lastEntry(kernel)).toMatchObject({ type: "rewrite", meta: { principal: "alice" } });
  });

  it("refuses a missing capability with FORBIDDEN naming it, records the refusal, and changes nothing", () => {
    const { kernel, sws } = kernelWithPolicy();
    const before = kernel.graph(`sws:${sws}`).digest;
    const error = refusal(() =>
      kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "reader" }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(
      /principal reader may not createTask: missing capability task:write \(rule requires task:write; refusal recorded in history at idx 1\)/,
    );
    expect(error.details).toMatchObject({ opIndex: 0, issues: [{ path: "/ops/0", message: "requires task:write" }] });
    expect(kernel.graph(`sws:${sws}`).digest).toBe(before);
    expect(lastEntry(kernel)).toEqual({
      idx: 1,
      type: "policy.deny",
      view: `sws:${sws}`,
      meta: { principal: "reader" },
      principal: "reader",
      op: "createTask",
      opIndex: 0,
      rule: "requires",
      missing: ["task:write"],
      // The refusal applied nothing: the overlay still has had no rewrite.
      receipt: { rewriteIdx: 0, view: `sws:${sws}`, viewDigest: before },
    });
  });

  it("refuses the whole batch when any op is refused (all or nothing)", () => {
    const { kernel, sws } = kernelWithPolicy();
    const task = kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "bob" }).created[0]!.id;
    const error = refusal(() =>
      kernel.apply(sws, [ops.createTask({ title: "u", intent: "i" }), ops.startTask({ taskId: task })], {
        principal: "bob",
      }),
    );
    expect(error.message).toMatch(/missing capability task:run/);
    expect(error.details.opIndex).toBe(1);
    expect(kernel.nodes(`sws:${sws}`).items).toHaveLength(1);
  });

  it("runs user predicates: only the owner (or a task admin) may cancel", () => {
    const { kernel, sws } = kernelWithPolicy();
    const task = kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "alice" }).created[0]!.id;
    const error = refusal(() => kernel.apply(sws, ops.cancelTask({ taskId: task }), { principal: "bob" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(
      /principal bob may not cancelTask: only the task's owner \("alice"\) or a task:admin may cancel it \(rule task.owner-only/,
    );
    expect(lastEntry(kernel)).toMatchObject({
      type: "policy.deny",
      principal: "bob",
      op: "cancelTask",
      rule: "task.owner-only",
      missing: [],
    });
    expect(kernel.derived(`sws:${sws}`, "Task.state", task)).toBe("QUEUED");
    kernel.apply(sws, ops.cancelTask({ taskId: task }), { principal: "admin" });
    expect(kernel.derived(`sws:${sws}`, "Task.state", task)).toBe("CANCELLED");
  });

  it("predicates read folds: a task can be completed only while RUNNING", () => {
    const { kernel, sws } = kernelWithPolicy();
    const task = kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "alice" }).created[0]!.id;
    expect(
      refusal(() => kernel.apply(sws, ops.completeTask({ taskId: task }), { principal: "alice" })).message,
    ).toMatch(/a QUEUED task cannot be completed; expected RUNNING \(rule task.lifecycle/);
    kernel.apply(sws, ops.startTask({ taskId: task }), { principal: "alice" });
    kernel.apply(sws, ops.completeTask({ taskId: task }), { principal: "alice" });
    expect(kernel.derived(`sws:${sws}`, "Task.state", task)).toBe("DONE");
  });

  it("refuses an unknown principal and a rewrite that names none (deny by default)", () => {
    const { kernel, sws } = kernelWithPolicy();
    const unknown = refusal(() =>
      kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "mallory" }),
    );
    expect(unknown.message).toMatch(/unknown principal "mallory": it holds no capabilities \(deny by default\)/);
    expect(lastEntry(kernel)).toMatchObject({
      type: "policy.deny",
      principal: "mallory",
      op: null,
      opIndex: null,
      rule: "principal.unknown",
    });
    const none = refusal(() => kernel.apply(sws, ops.createTask({ title: "t", intent: "i" })));
    expect(none.message).toMatch(/no principal: policy is on/);
    expect(none.details.issues).toEqual([{ path: "/meta/principal", message: "principal.missing" }]);
    expect(lastEntry(kernel)).toMatchObject({ principal: null, rule: "principal.missing" });
  });

  it("refuses deprecated v0 ops unless the principal holds graph:v0", () => {
    const { kernel, sws, registry } = kernelWithPolicy();
    const v0 = { op: "AddNode", data: { kind: "demo" } } as const;
    expect(refusal(() => kernel.apply(sws, v0, { principal: "alice" })).message).toMatch(/missing capability graph:v0/);
    registry.add({ id: "alice", capabilities: ["graph:v0"] });
    expect(kernel.apply(sws, v0, { principal: "alice" }).created).toHaveLength(1);
  });

  it("validates ops before policy: an invalid op is INVALID_INPUT and records nothing", () => {
    const { kernel, sws } = kernelWithPolicy();
    const next = kernel.nextIdx;
    const error = refusal(() => kernel.apply(sws, { op: "createTask", input: { title: "" } }, { principal: "reader" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(kernel.nextIdx).toBe(next);
  });

  it("replays denials bit for bit, without re-checking decisions history already holds", () => {
    const { kernel, sws, registry } = kernelWithPolicy();
    kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "bob" });
    refusal(() => kernel.apply(sws, ops.createTask({ title: "u", intent: "i" }), { principal: "reader" }));
    // Bob loses task:write after the fact: replay must still reproduce his allowed rewrite.
    registry.add({ id: "bob", capabilities: [] });
    const replayed = Kernel.create({ domain, folds, policy: new PolicyEngine(policy, registry) });
    for (let idx = 0; idx < kernel.nextIdx; idx++) replayed.replayEncoded(kernel.encodedEntry(idx));
    expect(replayed.nextIdx).toBe(kernel.nextIdx);
    expect(Buffer.from(replayed.encodedEntry(2))).toEqual(Buffer.from(kernel.encodedEntry(2)));
    expect(replayed.graph(`sws:${sws}`).digest).toBe(kernel.graph(`sws:${sws}`).digest);
  });

  it("keeps denials and folds across Kernel.open (WAL) restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "jitos-policy-"));
    const engine = new PolicyEngine(policy, principals());
    const first = await Kernel.open({ dataDir, domain, folds, policy: engine, fsync: "per-record" });
    const sws = first.createSws({ principal: "alice" });
    const task = first.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "alice" }).created[0]!.id;
    first.apply(sws, ops.startTask({ taskId: task }), { principal: "alice" });
    refusal(() => first.apply(sws, ops.cancelTask({ taskId: task }), { principal: "bob" }));
    await first.close();

    const second = await Kernel.open({ dataDir, domain, folds, policy: engine, fsync: "per-record" });
    expect(second.derived(`sws:${sws}`, "Task.state", task)).toBe("RUNNING");
    expect(second.derived(`sws:${sws}`, "Task.owner", task)).toBe("alice");
    const denials = second.rewrites().items.filter((entry) => entry.type === "policy.deny");
    expect(denials).toMatchObject([{ principal: "bob", op: "cancelTask", rule: "task.owner-only" }]);
    await second.close();
  });
});

describe("Kernel.derived", () => {
  it("answers NOT_FOUND for a record the view does not hold, and when the kernel runs no folds", () => {
    const { kernel, sws } = kernelWithPolicy();
    const task = kernel.apply(sws, ops.createTask({ title: "t", intent: "i" }), { principal: "alice" }).created[0]!.id;
    expect(kernel.derived(`sws:${sws}`, "Task.state", task)).toBe("QUEUED");
    expect(() => kernel.derived("system", "Task.state", task)).toThrow(/no node [0-9a-f]{64} in view system/);
    expect(() => Kernel.create({ domain }).derived("system", "Task.state", task)).toThrow(/runs no folds/);
  });
});
