/** Signals that end a command-line run by default (Ctrl-C, `kill`, a closed terminal). */
const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface InterruptGuard {
  /** True once a signal arrived that nothing else handles: stop early and clean up; the process then ends. */
  readonly interrupted: () => boolean;
}

/** Thrown inside `work` to unwind (and clean up) after an interrupt; the re-raised signal ends the process first. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
}

/**
 * Runs `work` with interrupt signals held back, so Ctrl-C during a write cannot leave a half-written temp folder
 * next to the output. A signal another listener handles (watch mode lets the in-flight build finish) is left to it.
 * Otherwise `work` sees `interrupted()` and stops early, and once it has returned or thrown the signal is raised
 * again with no listener left, so the process ends as it would have (killed by that signal, as shells expect).
 * SIGKILL cannot be held; the next build removes what it leaves (recoverInterruptedSwap).
 */
export async function withInterruptsHeld<T>(work: (guard: InterruptGuard) => Promise<T>): Promise<T> {
  const handledElsewhere = new Set(INTERRUPT_SIGNALS.filter((signal) => process.listenerCount(signal) > 0));
  let pending: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals): void => {
    if (!handledElsewhere.has(signal)) pending ??= signal;
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, hold);
  try {
    return await work({ interrupted: () => pending !== undefined });
  } finally {
    for (const signal of INTERRUPT_SIGNALS) process.off(signal, hold);
    if (pending !== undefined) process.kill(process.pid, pending);
  }
}
