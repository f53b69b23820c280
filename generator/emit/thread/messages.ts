import type { WesleyIR } from "../../ir/types.js";
import type { EmitMeta, EmittedFile } from "../index.js";

/** Main thread -> emitter thread: emit every file of the jitos target for this IR. */
export interface EmitRequest {
  readonly id: number;
  readonly ir: WesleyIR;
  readonly meta: EmitMeta;
}

/** Emitter thread -> main thread: the files, or the emitter's error (an emitter bug: the IR was validated). */
export type EmitReply =
  | { readonly id: number; readonly ok: true; readonly files: EmittedFile[] }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly stack: string };
