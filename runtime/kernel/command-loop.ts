// The single writer: every mutation of kernel state is a command run by this loop, one at a time, in arrival
// order. In-process callers run a command synchronously (`execute`); feeders that arrive asynchronously (the
// server's admission, issue 5) queue with `enqueue`. Both go through the same `run`, so there is one order of
// history whatever the mix of callers.
import { KernelError, isKernelError } from "../errors/index.js";
import { command_queue_max } from "./limits.js";
import type { DenialRecord } from "../policy/kernel-policy.js";

export type Command =
  | { readonly type: "rewrite"; readonly target: unknown; readonly ops: unknown; readonly meta: unknown }
  | { readonly type: "sws.create"; readonly meta: unknown }
  | { readonly type: "sws.discard"; readonly target: unknown; readonly meta: unknown }
  | { readonly type: "sws.collapse"; readonly target: unknown; readonly meta: unknown }
  /** Replay of a recorded policy refusal (runtime/policy): records it again, changes nothing else. */
  | { readonly type: "policy.deny"; readonly target: unknown; readonly meta: unknown; readonly denial: DenialRecord };

/** Wraps a failure that happened after a command began changing state. */
class CommitFailure extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * Runs the part of a command that changes state. Everything before it must only check and plan; anything that
 * fails in here stops the loop, because the state may be half-changed and history must not be written on top.
 */
export function commitPhase<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    throw new CommitFailure(error);
  }
}

interface Queued<Outcome> {
  readonly command: Command;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

export class CommandLoop<Outcome> {
  private readonly queue: Queued<Outcome>[] = [];
  private running = false;
  private drainScheduled = false;
  /** Set when a command failed after it began changing state: the state no longer matches the history. */
  private stoppedBy: KernelError | null = null;

  constructor(private readonly handle: (command: Command) => Outcome) {}

  get stopped(): KernelError | null {
    return this.stoppedBy;
  }

  /**
   * Stops the loop from outside a command: the log could not make applied history durable, so the state is ahead
   * of what a restart would rebuild. The first reason is kept.
   */
  stop(reason: KernelError): void {
    this.stoppedBy ??= reason;
  }

  /** Runs `command` now. Refused while queued commands wait (they came first) or from inside a command. */
  execute(command: Command): Outcome {
    if (this.running) {
      throw new KernelError(
        "INTERNAL",
        "a command was submitted from inside another command (a validator or log sink re-entered the kernel)",
      );
    }
    if (this.queue.length > 0) {
      throw new KernelError(
        "CONFLICT",
        `${this.queue.length} queued command(s) come first; use enqueue() or await them`,
      );
    }
    return this.run(command);
  }

  /** Queues `command` behind the others; resolves with its outcome once it has run. */
  enqueue(command: Command): Promise<Outcome> {
    if (this.queue.length >= command_queue_max) {
      return Promise.reject(
        new KernelError(
          "CONFLICT",
          `the command queue is full (command_queue_max = ${command_queue_max}); retry later`,
        ),
      );
    }
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        queueMicrotask(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.drainScheduled = false;
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      try {
        item.resolve(this.run(item.command));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  private run(command: Command): Outcome {
    if (this.stoppedBy !== null) {
      throw new KernelError(
        "INTERNAL",
        `the kernel stopped after an internal failure and accepts no more commands (${this.stoppedBy.message}); ` +
          `restart it from its log`,
      );
    }
    this.running = true;
    try {
      return this.handle(command);
    } catch (error) {
      if (error instanceof CommitFailure) {
        const cause = isKernelError(error.reason) ? `${error.reason.code}: ${error.message}` : error.message;
        this.stoppedBy = new KernelError("INTERNAL", `failure while applying a command: ${cause}`);
        throw this.stoppedBy;
      }
      if (isKernelError(error)) throw error;
      // A validator (or other planning code) threw something unexpected; nothing was changed yet.
      const message = error instanceof Error ? error.message : String(error);
      throw new KernelError(
        "INTERNAL",
        `unexpected failure while checking a command (nothing was applied): ${message}`,
      );
    } finally {
      this.running = false;
    }
  }
}
