/**
 * Emitting on a worker thread, so that importing ts-morph (~0.3 s: it loads the TypeScript compiler) overlaps with
 * the main thread's parsing and validation instead of following it
 * (docs/adr/0045-typescript-emission-with-ts-morph-structures.md). The thread is started when a build has to render
 * (never on a no-op rebuild), emits with exactly the same code as the in-process path, and never keeps the process
 * alive while it has no request to answer.
 */
import { Worker } from "node:worker_threads";
import type { WesleyIR } from "../../ir/types.js";
import type { EmitMeta, EmittedFile } from "../index.js";
import type { EmitReply, EmitRequest } from "./messages.js";

export interface EmitterThread {
  emit(ir: WesleyIR, meta: EmitMeta): Promise<EmittedFile[]>;
}

const WORKER_URL = new URL("./emit-worker.js", import.meta.url);

/**
 * Starts the thread, or returns undefined when running from TypeScript sources (tests, tsx): a worker cannot load
 * `.ts` files there, and callers then emit in-process.
 */
export function startEmitterThread(): EmitterThread | undefined {
  if (!import.meta.url.endsWith(".js")) return undefined;
  const worker = new Worker(WORKER_URL);
  worker.unref();
  const pending = new Map<number, { resolve: (files: EmittedFile[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const settle = (): void => {
    if (pending.size === 0) worker.unref();
  };
  worker.on("message", (reply: EmitReply) => {
    const request = pending.get(reply.id);
    if (request === undefined) return;
    pending.delete(reply.id);
    settle();
    if (reply.ok) request.resolve(reply.files);
    else request.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
  });
  const failAll = (error: Error): void => {
    failure = error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`internal error: the emitter thread exited (code ${code})`)));
  return {
    emit(ir, meta) {
      if (failure !== undefined) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<EmittedFile[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        const request: EmitRequest = { id, ir, meta };
        worker.postMessage(request);
      });
    },
  };
}
