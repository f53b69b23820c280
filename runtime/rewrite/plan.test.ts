// Planning reuses one buffer for op bytes; a validator that applies a rewrite to another kernel while a plan is
// running must not disturb the op bytes the outer plan has already written (record ids, history entry).
import { describe, expect, it } from "vitest";
import { toHex } from "../canonical/tagged-value.js";
import type { DomainSpec } from "../domain/spec.js";
import { taskDomain } from "../domain/sample/task-domain.js";
import { Kernel } from "../kernel/kernel.js";
import type { RewriteOp } from "./op.js";

const ops: RewriteOp[] = [
  { op: "createTask", input: { title: "first", intent: "plan" } },
  { op: "createTask", input: { title: "second", intent: "plan" } },
];

describe("planRewrite", () => {
  it("keeps its op bytes when a validator plans a rewrite on another kernel meanwhile", () => {
    const other = Kernel.create({ domain: taskDomain });
    const otherSws = other.createSws();
    const reentrant: DomainSpec = {
      ...taskDomain,
      ops: taskDomain.ops.map((op) =>
        op.name !== "createTask"
          ? op
          : {
              ...op,
              validateInput: (value: unknown) => {
                other.apply(otherSws, { op: "AddNode", data: { kind: "side-effect", payload_b64: "aGVsbG8=" } });
                return op.validateInput(value);
              },
            },
      ),
    };
    const outer = Kernel.create({ domain: reentrant });
    const plain = Kernel.create({ domain: taskDomain });
    const created = outer.apply(outer.createSws(), ops).created;
    const expected = plain.apply(plain.createSws(), ops).created;

    expect(other.nextIdx).toBe(1 + ops.length); // the validator really did apply rewrites in between
    expect(created.map((record) => record.id)).toEqual(expected.map((record) => record.id));
    expect(toHex(outer.encodedEntry(1))).toBe(toHex(plain.encodedEntry(1)));
    expect(outer.graph("sws:0").digest).toBe(plain.graph("sws:0").digest);
  });
});

describe("an op without a canonical encoding", () => {
  // Ops are encoded from a cached {op, input} prefix; a failure must still name the path inside the whole op.
  it.each([
    [{ op: "createTask", input: { title: "bad \ud800", intent: "plan" } }, "/ops/1/input", "$.input.title"],
    [{ op: "AddNode", data: { kind: "k\udc00" } }, "/ops/1/data", "$.data.kind"],
  ])("is INVALID_INPUT naming the op and the path in it, and nothing of the batch is applied", (op, at, inside) => {
    const kernel = Kernel.create({ domain: taskDomain });
    const sws = kernel.createSws();
    const before = kernel.graph(`sws:${sws}`).digest;
    expect(() => kernel.apply(sws, [ops[0]!, op as RewriteOp])).toThrowError(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringContaining(`${at}: has no canonical encoding (cannot encode ${inside} canonically`),
        details: expect.objectContaining({ opIndex: 1 }),
      }),
    );
    expect(kernel.nextIdx).toBe(1);
    expect(kernel.graph(`sws:${sws}`).digest).toBe(before);
    expect(kernel.apply(sws, ops).created).toHaveLength(2); // the same batch without the bad op goes through
  });
});
