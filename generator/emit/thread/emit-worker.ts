/**
 * The emitter thread's entry (see emitter-thread.ts). Loading ts-morph, which loads the TypeScript compiler, is the
 * first thing it does, so that cost is paid while the main thread is still parsing and validating the schema.
 */
import { parentPort } from "node:worker_threads";
import { emitJitosSync } from "../index.js";
import { tsPrinter } from "../source/ts-morph-printer.js";
import type { EmitReply, EmitRequest } from "./messages.js";

const port = parentPort;
if (port === null) throw new Error("emit-worker.js runs as a worker thread, started by emitter-thread.ts");
tsPrinter();
port.on("message", (request: EmitRequest) => {
  let reply: EmitReply;
  try {
    reply = { id: request.id, ok: true, files: emitJitosSync(request.ir, request.meta) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = { id: request.id, ok: false, message: error.message, stack: error.stack ?? "" };
  }
  port.postMessage(reply);
});
