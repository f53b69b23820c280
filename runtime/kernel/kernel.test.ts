import { describe, expect, it } from "vitest";
import { encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import { graphDigestFromScratch } from "../digest/from-scratch.js";
import { KernelError } from "../errors/index.js";
import type { KernelErrorCode } from "../errors/index.js";
import type { RewriteOp } from "../rewrite/index.js";
import { Kernel } from "./kernel.js";
import type { HistoryEntry, LogSink } from "./history.js";
import { page_size_max, rewrite_ops_max, sws_open_max } from "./limits.js";

function expectError(run: () => unknown, code: KernelErrorCode, messagePart?: string): KernelError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KernelError);
    const kernelError = error as KernelError;
    expect(kernelError.code).toBe(code);
    if (messagePart !== undefined) expect(kernelError.message).toContain(messagePart);
    return kernelError;
  }
  throw new Error(`expected a ${code} KernelError, but nothing was thrown`);
}

function fresh(): { kernel: Kernel; sws: string } {
  const kernel = Kernel.create({ domain: taskDomain });
  return { kernel, sws: kernel.createSws() };
}

const addDemo: RewriteOp = { op: "AddNode", data: { kind: "demo", payload_b64: "aGVsbG8=" } };
const createTask = (title: string): RewriteOp => ({ op: "createTask", input: { title, intent: "FixBug" } });

function createdId(kernel: Kernel, sws: string, op: RewriteOp): string {
  return kernel.apply(sws, op).created[0]!.id;
}

/** Everything a rejected command must leave alone. */
function snapshot(kernel: Kernel, view: string) {
  return {
    graph: kernel.graph(view),
    nodes: kernel.nodes(view, { first: page_size_max }).items,
    edges: kernel.edges(view, { first: page_size_max }).items,
    nextIdx: kernel.nextIdx,
    history: kernel.rewrites({ first: page_size_max }).items,
  };
}

describe("overlays", () => {
  it("are numbered 0, 1, 2 and listed with their state", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    expect([kernel.createSws(), kernel.createSws(), kernel.createSws()]).toEqual(["0", "1", "2"]);
    kernel.discardSws("sws:1");
    expect(kernel.listSws().map((sws) => [sws.view, sws.state])).toEqual([
      ["sws:0", "OPEN"],
      ["sws:1", "DISCARDED"],
      ["sws:2", "OPEN"],
    ]);
  });

  it("record a discard in the history and refuse reads of a discarded overlay, saying when it was discarded", () => {
    const { kernel, sws } = fresh();
    kernel.apply(sws, addDemo);
    const { idx, receipt } = kernel.discardSws(sws, { reason: "abandoned" });
    // The overlay had one rewrite; the discard's receipt vouches for the view after it.
    expect(receipt).toEqual({ rewriteIdx: 1, view: "sws:0", viewDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const entry = kernel.rewrites({ after: idx - 1, first: 1 }).items[0]!;
    expect(entry).toMatchObject({ idx: 2, type: "sws.discard", view: "sws:0", meta: { reason: "abandoned" } });
    expectError(() => kernel.graph("sws:0"), "NOT_FOUND", "discarded at idx 2");
    expectError(() => kernel.apply(sws, addDemo), "NOT_FOUND", "discarded");
    expectError(() => kernel.discardSws(sws), "NOT_FOUND", "discarded");
  });

  it("see their base snapshot, keep writes to themselves, and never leak into system or each other", () => {
    const { kernel, sws } = fresh();
    const other = kernel.createSws();
    const systemBefore = snapshot(kernel, "system");
    const otherBefore = kernel.graph(`sws:${other}`);
    const id = createdId(kernel, sws, createTask("only in sws:0"));
    expect(kernel.node("sws:0", id)).not.toBeNull();
    expect(kernel.node("system", id)).toBeNull();
    expect(kernel.node(`sws:${other}`, id)).toBeNull();
    expect(kernel.graph("system")).toEqual(systemBefore.graph);
    expect(kernel.graph(`sws:${other}`)).toEqual(otherBefore);
    expect(kernel.graph("sws:0").digest).not.toBe(systemBefore.graph.digest);
  });

  it("cannot be opened past sws_open_max", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    for (let i = 0; i < sws_open_max; i++) kernel.createSws();
    expectError(() => kernel.createSws(), "CONFLICT", "discard");
    kernel.discardSws("7");
    expect(kernel.createSws()).toBe(String(sws_open_max));
  });
});

describe("the system view", () => {
  it("is immutable until collapse exists: applying to it is FORBIDDEN and changes nothing", () => {
    const { kernel } = fresh();
    const before = snapshot(kernel, "system");
    expectError(() => kernel.apply("system", addDemo), "FORBIDDEN", "collapsing an overlay");
    expect(snapshot(kernel, "system")).toEqual(before);
  });

  it("starts with the digest of the empty graph", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    expect(kernel.graph("system").digest).toBe(graphDigestFromScratch([], []));
    expect(kernel.graph("system").snapshotId).toBe(kernel.graph("system").digest);
  });
});

describe("rejected rewrites", () => {
  const cases: { name: string; ops: unknown[]; code: KernelErrorCode; path: string }[] = [
    { name: "unknown op", ops: [{ op: "Teleport", data: {} }], code: "NOT_IMPLEMENTED", path: "/ops/0/op" },
    { name: "op that is not an object", ops: ["AddNode"], code: "INVALID_INPUT", path: "/ops/0" },
    { name: "op name not a string", ops: [{ op: 7, data: {} }], code: "INVALID_INPUT", path: "/ops/0/op" },
    { name: "unknown envelope field", ops: [{ ...addDemo, extra: 1 }], code: "INVALID_INPUT", path: "/ops/0/extra" },
    { name: "typed op with data", ops: [{ op: "createTask", data: {} }], code: "INVALID_INPUT", path: "/ops/0/data" },
    { name: "missing data", ops: [{ op: "AddNode" }], code: "INVALID_INPUT", path: "/ops/0/data" },
    {
      name: "unknown data field",
      ops: [{ op: "AddNode", data: { kind: "demo", colour: "red" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/data/colour",
    },
    { name: "missing kind", ops: [{ op: "AddNode", data: {} }], code: "INVALID_INPUT", path: "/ops/0/data/kind" },
    {
      name: "non-canonical base64",
      ops: [{ op: "AddNode", data: { kind: "demo", payload_b64: "aGVsbG9=" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/data/payload_b64",
    },
    {
      name: "v0 op on a registered kind",
      ops: [{ op: "AddNode", data: { kind: "Task" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/data/kind",
    },
    {
      name: "typed input failing validation",
      ops: [{ op: "createTask", input: { title: "", intent: "x" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/input/title",
    },
    {
      name: "typed input with an unknown field",
      ops: [{ op: "createTask", input: { title: "t", intent: "x", owner: "me" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/input/owner",
    },
    {
      name: "edge to a missing node",
      ops: [{ op: "AddEdge", data: { kind: "link", from: "a".repeat(64), to: "b".repeat(64) } }],
      code: "NOT_FOUND",
      path: "/ops/0/data/from",
    },
    {
      name: "id that is not an id",
      ops: [{ op: "RemoveNode", data: { id: "node-1" } }],
      code: "INVALID_INPUT",
      path: "/ops/0/data/id",
    },
    { name: "empty batch", ops: [], code: "INVALID_INPUT", path: "/ops" },
    {
      name: "batch over rewrite_ops_max",
      ops: Array.from({ length: rewrite_ops_max + 1 }, () => addDemo),
      code: "INVALID_INPUT",
      path: "/ops",
    },
  ];

  for (const { name, ops, code, path } of cases) {
    it(`${name}: ${code} at ${path}, after valid ops in the same batch, applies nothing`, () => {
      const { kernel, sws } = fresh();
      kernel.apply(sws, addDemo);
      const before = snapshot(kernel, "sws:0");
      const batch = ops.length === 0 || ops.length > rewrite_ops_max ? ops : [addDemo, createTask("first"), ...ops];
      const shift = batch === ops ? 0 : 2;
      const expectedPath = path.replace("/ops/0", `/ops/${shift}`);
      const error = expectError(() => kernel.apply(sws, batch as RewriteOp[]), code, expectedPath);
      expect(error.details.issues?.map((issue) => issue.path)).toContain(expectedPath);
      expect(snapshot(kernel, "sws:0")).toEqual(before);
    });
  }

  it("refuse a target that is not a view, first and right after a valid rewrite, and apply nothing", () => {
    for (const target of [null, undefined, 0, "sws:x"]) {
      const kernel = Kernel.create({ domain: taskDomain });
      kernel.createSws();
      expectError(() => kernel.apply(target as unknown as string, addDemo), "INVALID_INPUT");
      kernel.apply("sws:0", addDemo); // the kernel keeps the parsed target of the last rewrite
      const before = snapshot(kernel, "sws:0");
      expectError(() => kernel.apply(target as unknown as string, addDemo), "INVALID_INPUT");
      expect(snapshot(kernel, "sws:0")).toEqual(before);
    }
  });

  it("lists every validation issue of an op with its path", () => {
    const { kernel, sws } = fresh();
    const error = expectError(
      () => kernel.apply(sws, { op: "createTask", input: { title: "", priority: 101, intent: "x" } }),
      "INVALID_INPUT",
    );
    expect(error.details.issues?.map((issue) => issue.path)).toEqual(["/ops/0/input/priority", "/ops/0/input/title"]);
  });
});

describe("typed ops", () => {
  it("create records with the op's attribute fields (validator defaults included) and derived ids", () => {
    const { kernel, sws } = fresh();
    const { idx, created, receipt } = kernel.apply(sws, createTask("Fix auth bug"));
    expect(created).toEqual([{ opIndex: 0, id: expect.stringMatching(/^[0-9a-f]{64}$/), kind: "Task", isEdge: false }]);
    expect(kernel.node("sws:0", created[0]!.id)).toEqual({
      id: created[0]!.id,
      kind: "Task",
      attrs: { intent: "FixBug", priority: 50, title: "Fix auth bug" },
    });
    // The overlay's first rewrite is its rewrite 0; in history it follows the createSws entry (idx 0).
    expect(idx).toBe(1);
    expect(receipt).toEqual({ rewriteIdx: 0, view: "sws:0", viewDigest: kernel.graph("sws:0").digest });
  });

  it("update only the op's attribute fields; input fields outside them stay in history only", () => {
    const { kernel, sws } = fresh();
    const id = createdId(kernel, sws, createTask("old"));
    kernel.apply(sws, { op: "retitleTask", input: { taskId: id, title: "new", reason: "typo" } });
    expect(kernel.node("sws:0", id)?.attrs).toEqual({ intent: "FixBug", priority: 50, title: "new" });
    const last = kernel.rewrites({ view: "sws:0", after: kernel.nextIdx - 2 }).items[0]!;
    expect(last.type === "rewrite" && last.ops).toEqual([
      { op: "retitleTask", input: { reason: "typo", taskId: id, title: "new" } },
    ]);
  });

  it("record an event that changes no attribute: idx advances, digest stays", () => {
    const { kernel, sws } = fresh();
    const id = createdId(kernel, sws, createTask("t"));
    const before = kernel.graph("sws:0").digest;
    const { idx, receipt } = kernel.apply(sws, { op: "cancelTask", input: { taskId: id } });
    expect(idx).toBe(2);
    expect(receipt).toEqual({ rewriteIdx: 1, view: "sws:0", viewDigest: before });
  });

  it("check edge endpoints exist and have the kinds the edge kind declares", () => {
    const { kernel, sws } = fresh();
    const a = createdId(kernel, sws, createTask("a"));
    const note = createdId(kernel, sws, { op: "addNote", input: { text: "n" } });
    expectError(
      () => kernel.apply(sws, { op: "addDependency", input: { taskId: a, dependsOnTaskId: note } }),
      "INVALID_INPUT",
      "is a Note, expected a Task",
    );
    expectError(
      () => kernel.apply(sws, { op: "addDependency", input: { taskId: a, dependsOnTaskId: "c".repeat(64) } }),
      "NOT_FOUND",
      "/ops/0/input/dependsOnTaskId",
    );
    const { created } = kernel.apply(sws, { op: "mentionTask", input: { noteId: note, taskId: a, weight: 3 } });
    expect(kernel.edge("sws:0", created[0]!.id)).toEqual({
      id: created[0]!.id,
      kind: "Mentions",
      from: note,
      to: a,
      attrs: { weight: 3 },
    });
  });

  it("refuse to delete a node that edges still reference, and delete it once they are removed in the same batch", () => {
    const { kernel, sws } = fresh();
    const a = createdId(kernel, sws, createTask("a"));
    const b = createdId(kernel, sws, createTask("b"));
    const dep = createdId(kernel, sws, { op: "addDependency", input: { taskId: a, dependsOnTaskId: b } });
    const error = expectError(
      () => kernel.apply(sws, { op: "deleteTask", input: { taskId: b } }),
      "CONFLICT",
      "1 incident edge",
    );
    expect(error.details.ids).toEqual([b]);
    kernel.apply(sws, [
      { op: "removeDependency", input: { dependencyId: dep } },
      { op: "deleteTask", input: { taskId: b } },
    ]);
    expect(kernel.node("sws:0", b)).toBeNull();
    expect(kernel.graph("sws:0")).toMatchObject({ nodeCount: 1, edgeCount: 0 });
  });

  it("refuse a record of the wrong kind and v0 removal of registered kinds", () => {
    const { kernel, sws } = fresh();
    const note = createdId(kernel, sws, { op: "addNote", input: { text: "n" } });
    expectError(() => kernel.apply(sws, { op: "cancelTask", input: { taskId: note } }), "INVALID_INPUT", "is a Note");
    expectError(() => kernel.apply(sws, { op: "RemoveNode", data: { id: note } }), "INVALID_INPUT", "typed delete op");
  });
});

describe("v0 ops (deprecated)", () => {
  it("add and remove nodes and edges of free-form kinds", () => {
    const { kernel, sws } = fresh();
    const empty = kernel.graph("sws:0").digest;
    const a = createdId(kernel, sws, addDemo);
    expect(kernel.node("sws:0", a)).toEqual({
      id: a,
      kind: "demo",
      attrs: { payload: new TextEncoder().encode("hello") },
    });
    const b = createdId(kernel, sws, { op: "AddNode", data: { kind: "demo" } });
    expect(kernel.node("sws:0", b)?.attrs).toEqual({});
    const e = createdId(kernel, sws, { op: "AddEdge", data: { kind: "link", from: a, to: b } });
    expectError(() => kernel.apply(sws, { op: "RemoveNode", data: { id: a } }), "CONFLICT");
    kernel.apply(sws, [
      { op: "RemoveEdge", data: { id: e } },
      { op: "RemoveNode", data: { id: a } },
      { op: "RemoveNode", data: { id: b } },
    ]);
    expect(kernel.graph("sws:0").digest).toBe(empty);
  });

  it("give two identical creates in one batch different ids", () => {
    const { kernel, sws } = fresh();
    const { created } = kernel.apply(sws, [addDemo, addDemo]);
    expect(created[0]!.id).not.toBe(created[1]!.id);
    expect(kernel.graph("sws:0").nodeCount).toBe(2);
  });
});

describe("views and paging", () => {
  it.each(["", "System", "sws:", "sws:01", "sws:-1", "sws:1.5", "sws:18446744073709551616", " system", "0"])(
    "rejects the view %j as INVALID_INPUT",
    (view) => {
      const { kernel } = fresh();
      expectError(() => kernel.graph(view), "INVALID_INPUT", 'expected "system" or "sws:<n>"');
    },
  );

  it("knows a well-formed view that does not exist is NOT_FOUND, and says which ids exist", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    expectError(() => kernel.graph("sws:7"), "NOT_FOUND", "no overlay sws:7: none has been created yet");
    kernel.createSws();
    kernel.createSws();
    expectError(() => kernel.graph("sws:18446744073709551615"), "NOT_FOUND", "createSws() has assigned ids 0..1");
  });

  it.each([0, -1, page_size_max + 1, 1.5])("rejects page.first = %s", (first) => {
    const { kernel } = fresh();
    expectError(() => kernel.nodes("sws:0", { first }), "INVALID_INPUT", "/page/first");
    expectError(() => kernel.rewrites({ first }), "INVALID_INPUT", "/page/first");
  });

  it("rejects cursors that are not ids or idx", () => {
    const { kernel } = fresh();
    expectError(() => kernel.nodes("sws:0", { after: "zz" }), "INVALID_INPUT", "/page/after");
    expectError(() => kernel.rewrites({ after: -2 }), "INVALID_INPUT", "/page/after");
  });

  it("pages nodes in id order without duplicates or gaps", () => {
    const { kernel, sws } = fresh();
    const ids = kernel
      .apply(
        sws,
        Array.from({ length: 57 }, (_, i) => createTask(`t${i}`)),
      )
      .created.map((c) => c.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = kernel.nodes("sws:0", { first: 10, after });
      seen.push(...page.items.map((node) => node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].sort());
  });

  it("pages the history by idx, ascending from 0, optionally for one view", () => {
    const { kernel, sws } = fresh();
    const other = kernel.createSws();
    kernel.apply(sws, addDemo);
    kernel.apply(other, addDemo);
    kernel.apply(sws, addDemo);
    expect(kernel.rewrites().items.map((entry) => entry.idx)).toEqual([0, 1, 2, 3, 4]);
    const first = kernel.rewrites({ view: "sws:0", first: 2 });
    expect(first.items.map((entry) => entry.idx)).toEqual([0, 2]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: 2 });
    expect(kernel.rewrites({ view: "sws:0", after: 2 }).items.map((entry) => entry.idx)).toEqual([4]);
    expect(kernel.rewrites({ view: "sws:1" }).items.map((entry) => entry.type)).toEqual(["sws.create", "rewrite"]);
  });
});

describe("history and the log sink", () => {
  it("copies ops and meta, so a caller changing its objects later cannot rewrite history", () => {
    const { kernel, sws } = fresh();
    const meta = { actor: "alice", tags: ["a"] };
    const input = { title: "t", intent: "i" };
    kernel.apply(sws, { op: "createTask", input }, meta);
    meta.tags.push("b");
    input.title = "changed";
    const entry = kernel.rewrites({ after: 0 }).items[0]!;
    expect(entry.meta).toEqual({ actor: "alice", tags: ["a"] });
    expect(entry.type === "rewrite" && entry.ops[0]).toEqual({
      op: "createTask",
      input: { intent: "i", priority: 50, title: "t" },
    });
  });

  it("rejects meta that is not plain data", () => {
    const { kernel, sws } = fresh();
    expectError(() => kernel.apply(sws, addDemo, { when: new Date(0) } as never), "INVALID_INPUT", "/meta/when");
    expectError(() => kernel.createSws("me" as never), "INVALID_INPUT", "/meta");
  });

  it("hands every entry to the sink in idx order, and replaying them rebuilds the same digests", () => {
    const entries: { entry: HistoryEntry; bytes: Uint8Array }[] = [];
    const sink: LogSink = { append: (entry, bytes) => entries.push({ entry, bytes: bytes.slice() }) };
    const kernel = Kernel.create({ domain: taskDomain, logSink: sink });
    const sws = kernel.createSws({ by: "test" });
    const a = createdId(kernel, sws, createTask("a"));
    const b = createdId(kernel, sws, createTask("b"));
    kernel.apply(sws, { op: "addDependency", input: { taskId: a, dependsOnTaskId: b } });
    kernel.createSws();
    kernel.apply("1", addDemo);
    kernel.apply(
      "1",
      Array.from({ length: 30 }, () => addDemo),
    ); // ops list past the one-byte CBOR length
    kernel.discardSws("1");
    expect(entries.map(({ entry }) => entry.idx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const { entry, bytes } of entries) {
      expect(bytes).toEqual(kernel.encodedEntry(entry.idx));
      expect(bytes).toEqual(encodeCanonical(entry as unknown as CanonicalValue)); // spliced ops = generic encoding
    }

    const replica = Kernel.create({ domain: taskDomain });
    for (const { entry } of entries) replica.replay(entry);
    expect(replica.graph("sws:0")).toEqual(kernel.graph("sws:0"));
    expect(replica.rewrites({ first: 100 })).toEqual(kernel.rewrites({ first: 100 }));
  });

  it("refuses a replayed entry whose receipt the kernel does not reproduce", () => {
    const kernel = Kernel.create({ domain: taskDomain });
    kernel.createSws();
    kernel.apply("0", addDemo);
    const [create, rewrite] = kernel.rewrites().items as [HistoryEntry, HistoryEntry];
    const replica = Kernel.create({ domain: taskDomain });
    replica.replay(create);
    const forged = { ...rewrite, receipt: { ...rewrite.receipt, viewDigest: "0".repeat(64) } } as HistoryEntry;
    expectError(() => replica.replay(forged), "INTERNAL", "replay diverged at idx 1");
  });

  it("stops taking commands when the sink fails, because the state is ahead of the log", () => {
    let fail = false;
    const kernel = Kernel.create({
      domain: taskDomain,
      logSink: {
        append: () => {
          if (fail) throw new Error("disk full");
        },
      },
    });
    const sws = kernel.createSws();
    fail = true;
    expectError(() => kernel.apply(sws, addDemo), "INTERNAL", "disk full");
    fail = false;
    expectError(() => kernel.createSws(), "INTERNAL", "accepts no more commands");
  });
});
