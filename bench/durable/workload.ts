// The benchmark's clients: each owns one overlay at a time and loops "createSws, then rewrites, then collapse",
// awaiting kernel.durable() after every command (a client is acknowledged before it sends the next), so the
// WAL's group commit batches whatever the other clients sent meanwhile.
import type { Kernel } from "../../runtime/kernel/index.js";

/** Rewrites per overlay before it is collapsed (with createSws and collapse: 64 entries per cycle). */
export const rewrites_per_overlay = 62;

export interface ClientsOptions {
  readonly clients: number;
  /** Stop once the kernel holds this many entries (clients finish their command in flight). */
  readonly entries: number;
  /** Every second rewrite retitles a task the overlay created, instead of creating one (keeps the system smaller). */
  readonly mixUpdates: boolean;
}

export async function runClients(kernel: Kernel, options: ClientsOptions): Promise<void> {
  const client = async (client: number): Promise<void> => {
    for (let cycle = 0; kernel.nextIdx < options.entries; cycle++) {
      const sws = kernel.createSws();
      await kernel.durable();
      let lastTask: string | undefined;
      for (let k = 0; k < rewrites_per_overlay && kernel.nextIdx < options.entries; k++) {
        const op =
          options.mixUpdates && lastTask !== undefined && k % 2 === 1
            ? { op: "retitleTask", input: { taskId: lastTask, title: `retitled ${client}.${cycle}.${k}` } }
            : { op: "createTask", input: { title: `task ${client}.${cycle}.${k}`, intent: "bench", priority: k } };
        const { idx, created } = kernel.apply(sws, op);
        if (created[0] !== undefined) lastTask = created[0].id;
        await kernel.durable(idx);
      }
      const { idx } = kernel.collapse(sws);
      await kernel.durable(idx);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
}
