// The operations a rewrite carries. Typed ops come from the generated DomainSpec (`{op: "createTask", input}`);
// v0 ops are the untyped graph edits kept for compatibility (docs/adr/0023-v0-json-ops.md).
import type { TypedOp } from "../domain/spec.js";

/** @deprecated Use the typed op of a registered kind (e.g. `createTask`); v0 ops bypass schema validation. */
export interface AddNodeData {
  /** Free-form kind; must not be a registered node kind. 1..128 UTF-16 units. */
  readonly kind: string;
  /** Optional payload, canonical base64 (RFC 4648 with padding); stored as attrs.payload bytes. */
  readonly payload_b64?: string;
}

/** @deprecated Use the typed op of a registered edge kind (e.g. `addDependency`). */
export interface AddEdgeData {
  /** Free-form kind; must not be a registered edge kind. */
  readonly kind: string;
  /** Id of an existing node in the view. */
  readonly from: string;
  /** Id of an existing node in the view. */
  readonly to: string;
  readonly payload_b64?: string;
}

/** @deprecated Use a typed delete op. Only removes nodes of v0 kinds that no edge references. */
export interface RemoveNodeData {
  readonly id: string;
}

/** @deprecated Use a typed delete op. Only removes edges of v0 kinds. */
export interface RemoveEdgeData {
  readonly id: string;
}

/** @deprecated v0 ops are kept for compatibility; new code uses typed ops. */
export type V0Op =
  | { readonly op: "AddNode"; readonly data: AddNodeData }
  | { readonly op: "AddEdge"; readonly data: AddEdgeData }
  | { readonly op: "RemoveNode"; readonly data: RemoveNodeData }
  | { readonly op: "RemoveEdge"; readonly data: RemoveEdgeData };

export type V0OpName = V0Op["op"];

export const v0_op_names: readonly V0OpName[] = ["AddEdge", "AddNode", "RemoveEdge", "RemoveNode"];

/** What `Kernel.apply` takes: typed ops, or (deprecated) v0 ops. */
export type RewriteOp = TypedOp | V0Op;

export function isV0OpName(name: string): name is V0OpName {
  return (v0_op_names as readonly string[]).includes(name);
}
