import { describe, expect, it } from "vitest";
import { KernelError } from "../errors/index.js";
import { CommandLoop, commitPhase } from "./command-loop.js";
import type { Command } from "./command-loop.js";

const create = (tag: string): Command => ({ type: "sws.create", meta: { tag } });

describe("the command loop", () => {
  it("runs queued commands one at a time in arrival order", async () => {
    const order: string[] = [];
    const loop = new CommandLoop((command) => {
      order.push((command as { meta: { tag: string } }).meta.tag);
      return order.length;
    });
    const outcomes = await Promise.all([
      loop.enqueue(create("a")),
      loop.enqueue(create("b")),
      loop.enqueue(create("c")),
    ]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(outcomes).toEqual([1, 2, 3]);
  });

  it("refuses a synchronous command that would jump the queue, and one submitted from inside a command", async () => {
    let loop: CommandLoop<number> | null = null;
    loop = new CommandLoop((command) => {
      if ((command as { meta: { tag: string } }).meta.tag === "reenter") loop!.execute(create("inner"));
      return 0;
    });
    const queued = loop.enqueue(create("first"));
    expect(() => loop.execute(create("now"))).toThrow(/queued command\(s\) come first/);
    await queued;
    expect(() => loop.execute(create("reenter"))).toThrow(/submitted from inside another command/);
  });

  it("stops for good after a failure inside the commit phase, but not after a rejection", () => {
    let mode: "reject" | "break" | "ok" = "reject";
    const loop = new CommandLoop(() => {
      if (mode === "reject") throw new KernelError("INVALID_INPUT", "bad input");
      return commitPhase(() => {
        if (mode === "break") throw new Error("half written");
        return 1;
      });
    });
    expect(() => loop.execute(create("x"))).toThrow("bad input");
    mode = "ok";
    expect(loop.execute(create("x"))).toBe(1);
    mode = "break";
    expect(() => loop.execute(create("x"))).toThrow(/half written/);
    mode = "ok";
    expect(() => loop.execute(create("x"))).toThrow(/accepts no more commands/);
    expect(loop.stopped?.code).toBe("INTERNAL");
  });
});
