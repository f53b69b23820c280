// History entries -> fold events. A fold never sees the graph, only what history says happened, so everything an
// event carries is recomputable from the entry alone: for a create, the record id is derived exactly as the
// kernel derived it (docs/adr/0020-record-ids.md) from the view digest before the rewrite, which is the digest
// of the previous receipt of the same view.
import type { CanonicalValue } from "../canonical/index.js";
import type { DomainSpec, OpSpec } from "../domain/spec.js";
import { internalInvariant } from "../errors/index.js";
import { deriveRecordIdFromScratch } from "../graph/record-id.js";
import type { FoldEvent } from "./spec.js";

type Input = { readonly [field: string]: CanonicalValue };
type Meta = { readonly [key: string]: CanonicalValue };

/** A typed op as logged: `{op, input}`. v0 ops (`{op, data}`) carry no domain meaning and yield no events. */
function typedOp(value: CanonicalValue): { readonly op: string; readonly input: Input } | null {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array) return null;
  const record = value as { readonly [key: string]: CanonicalValue };
  const op = record["op"];
  const input = record["input"];
  if (typeof op !== "string" || typeof input !== "object" || input === null || Array.isArray(input)) return null;
  if (input instanceof Uint8Array) return null;
  return { op, input: input as Input };
}

export class EventDecoder {
  private readonly ops: ReadonlyMap<string, OpSpec>;

  constructor(domain: DomainSpec) {
    this.ops = new Map(domain.ops.map((op) => [op.name, op] as const));
  }

  /** The events of one rewrite applied at `atDigest` (the view's digest before it). */
  eventsOf(idx: number, ops: readonly CanonicalValue[], meta: Meta, atDigest: string): FoldEvent[] {
    const events: FoldEvent[] = [];
    for (let opIndex = 0; opIndex < ops.length; opIndex++) {
      const logged = ops[opIndex]!;
      const typed = typedOp(logged);
      if (typed === null) continue;
      const spec = this.ops.get(typed.op);
      if (spec === undefined) continue; // an op of another domain version: nothing to fold
      const recordId =
        spec.effect === "creates" ? deriveRecordIdFromScratch(atDigest, opIndex, logged) : idOf(spec, typed.input);
      events.push(Object.freeze({ op: typed.op, input: typed.input, recordId, idx, opIndex, meta }));
    }
    return events;
  }

  /** The node or edge kind an op touches, for routing events to record-scoped folds. */
  targetOf(op: string): string | undefined {
    return this.ops.get(op)?.target;
  }
}

function idOf(spec: OpSpec, input: Input): string {
  const id = spec.idField === undefined ? undefined : input[spec.idField];
  if (typeof id !== "string") throw internalInvariant(`logged ${spec.name} op without its id field ${spec.idField}`);
  return id;
}
