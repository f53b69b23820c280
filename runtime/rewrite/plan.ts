// Planning a rewrite: every op is checked against the view as the earlier ops of the same batch left it, and
// turned into primitive mutations. Planning is where anything can fail; it changes nothing, so a rejected batch
// leaves no trace. Only a fully planned batch is committed (mutation.ts), and committing cannot fail.
import { CanonicalBuilder, CanonicalEncodeError, canonical_bytes_max, encodeCanonical } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { encodeEdgeRecordHash, encodeNodeRecordHash } from "../digest/spec.js";
import type { OpSpec, ValidationIssue } from "../domain/spec.js";
import { KernelError, invalidInput } from "../errors/index.js";
import type { GraphReader } from "../graph/graph-state.js";
import { deriveRecordId } from "../graph/record-id.js";
import { isRecordId } from "../graph/record.js";
import type { Attrs, EdgeRecord, NodeRecord } from "../graph/record.js";
import { op_bytes_max, record_bytes_max, rewrite_ops_max, v0_kind_chars_max } from "../kernel/limits.js";
import type { DomainIndex } from "./domain-index.js";
import type { Mutation } from "./mutation.js";
import { isV0OpName, v0_op_names } from "./op.js";
import type { V0OpName } from "./op.js";
import { PendingView } from "./pending-view.js";
import { describe, frozenCopy, isPlainObject } from "./plain-value.js";

export interface CreatedRecord {
  readonly opIndex: number;
  readonly id: string;
  readonly kind: string;
  readonly isEdge: boolean;
}

export interface PlannedRewrite {
  /** The ops as they are logged: fresh frozen copies, typed inputs with validator defaults filled in. */
  readonly ops: readonly CanonicalValue[];
  /**
   * Canonical bytes of the ops, one after another in order (the items of the history entry's `ops` array, without
   * its head), encoded once and reused for record ids and the history entry. A view into a buffer the next
   * `planRewrite` call reuses: encode the history entry (which copies it) before planning another rewrite. The
   * kernel's single writer does exactly that, and it saves an allocation per op.
   */
  readonly opBytes: Uint8Array;
  readonly mutations: readonly Mutation[];
  readonly created: readonly CreatedRecord[];
}

export interface PlanContext {
  readonly domain: DomainIndex;
  readonly view: GraphReader;
  /** For messages: "sws:0". */
  readonly viewName: string;
  /** Digest of the view before the rewrite; record ids derive from it. */
  readonly atDigest: string;
}

interface OpOutput {
  readonly mutations: Mutation[];
  readonly created: CreatedRecord[];
}

export function planRewrite(context: PlanContext, rawOps: unknown): PlannedRewrite {
  if (!Array.isArray(rawOps)) throw invalidInput("/ops", `expected a list of ops, got ${describe(rawOps)}`);
  if (rawOps.length === 0) throw invalidInput("/ops", "a rewrite needs at least one op");
  if (rawOps.length > rewrite_ops_max) {
    throw invalidInput("/ops", `${rawOps.length} ops exceed rewrite_ops_max (${rewrite_ops_max}); split the batch`);
  }
  if (planning) {
    // Re-entered from a validator that applies a rewrite to another kernel: the inner plan gets a buffer of its
    // own, so the op bytes this plan has already written stay intact.
    const outer = opScratch;
    opScratch = new CanonicalBuilder();
    try {
      return planOps(context, rawOps);
    } finally {
      opScratch = outer;
    }
  }
  planning = true;
  try {
    return planOps(context, rawOps);
  } finally {
    planning = false;
  }
}

function planOps(context: PlanContext, rawOps: readonly unknown[]): PlannedRewrite {
  const pending = new PendingView(context.view);
  const out: OpOutput = { mutations: [], created: [] };
  const ops: CanonicalValue[] = [];
  opScratch.reset();
  for (let index = 0; index < rawOps.length; index++) {
    if (index === rawOps.length - 1) pending.planningLastOp();
    ops.push(planOp(context, pending, rawOps[index], index, out));
  }
  // The view is taken only now: the scratch may have moved to a bigger buffer while later ops were encoded.
  return { ops, opBytes: opScratch.bytes(), mutations: out.mutations, created: out.created };
}

/** Every op of the rewrite being planned, encoded back to back (see PlannedRewrite.opBytes). */
let opScratch = new CanonicalBuilder();
/** True while planRewrite runs (validators run inside it and may plan on another kernel). */
let planning = false;

/** Path strings of op positions ("/ops/3", "/ops/3/input"), built once per index rather than once per op. */
const op_paths: string[] = [];
const op_body_paths: Record<"data" | "input", string[]> = { data: [], input: [] };

function opPath(index: number): string {
  return (op_paths[index] ??= `/ops/${index}`);
}

function opBodyPath(index: number, bodyKey: "data" | "input"): string {
  return (op_body_paths[bodyKey][index] ??= `/ops/${index}/${bodyKey}`);
}

/** Plans one op and appends its bytes to `opScratch`; returns the op as logged. */
function planOp(
  context: PlanContext,
  pending: PendingView,
  raw: unknown,
  index: number,
  out: OpOutput,
): CanonicalValue {
  const path = opPath(index);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || !isPlainObject(raw)) {
    throw invalidInput(path, `expected an op object like {"op": "createTask", "input": {...}}, got ${describe(raw)}`);
  }
  const name = raw.op;
  if (typeof name !== "string") throw invalidInput(`${path}/op`, "expected the op name as a string");
  const typed = context.domain.ops.get(name);
  if (typed === undefined && !isV0OpName(name)) {
    throw new KernelError(
      "NOT_IMPLEMENTED",
      `${path}/op: unknown op ${JSON.stringify(name)}; typed ops of registry ${context.domain.spec.registryName}: ` +
        `${context.domain.opNames.join(", ") || "(none)"}; v0 ops: ${v0_op_names.join(", ")}`,
      { opIndex: index, issues: [{ path: `${path}/op`, message: "unknown op" }] },
    );
  }
  const bodyKey = typed === undefined ? "data" : "input";
  for (const key in raw) {
    if (key !== "op" && key !== bodyKey && Object.hasOwn(raw, key)) {
      throw invalidInput(`${path}/${key}`, `unknown field; a ${name} op has exactly "op" and "${bodyKey}"`, {
        opIndex: index,
      });
    }
  }
  if (raw[bodyKey] === undefined) throw invalidInput(`${path}/${bodyKey}`, "required", { opIndex: index });
  const step: OpStep = { context, pending, index, path: opBodyPath(index, bodyKey), out };
  return typed === undefined ? planV0Op(step, name as V0OpName, raw.data) : planTypedOp(step, typed, raw.input);
}

interface OpStep {
  readonly context: PlanContext;
  readonly pending: PendingView;
  readonly index: number;
  /** Path of the op's input or data. */
  readonly path: string;
  readonly out: OpOutput;
}

// ---- typed ops ---------------------------------------------------------------------------------------------

function planTypedOp(step: OpStep, spec: OpSpec, rawInput: unknown): CanonicalValue {
  const checked = spec.validateInput(rawInput);
  if (!checked.ok) throw validationFailed(step, `input of ${spec.name}`, checked.errors);
  const input = frozenCopy(checked.value, step.path) as { readonly [field: string]: CanonicalValue };
  const value = Object.freeze({ op: spec.name, input });
  const start = encodeOp(step, value, spec.name, "input", input);
  if (spec.effect === "creates") {
    const bytes = opScratch.slice(start, opScratch.length);
    if (spec.targetIsEdge) createTypedEdge(step, spec, input, bytes);
    else createTypedNode(step, spec, input, bytes);
  } else if (spec.effect === "updates") {
    updateTyped(step, spec, input);
  } else {
    deleteTyped(step, spec, input);
  }
  return value;
}

function pickAttrs(input: { readonly [field: string]: CanonicalValue }, fields: readonly string[]): Attrs {
  const attrs: Record<string, CanonicalValue> = {};
  for (const field of fields) {
    const value = input[field];
    if (value !== undefined) attrs[field] = value;
  }
  return attrs;
}

/** `{...old, ...pickAttrs(input, fields)}` in one object: the old attributes with the input's fields over them. */
function patchedAttrs(old: Attrs, input: { readonly [field: string]: CanonicalValue }, fields: readonly string[]) {
  const attrs: Record<string, CanonicalValue> = { ...old };
  // Field names are schema names (never "__proto__"), so assigning them is defining them, as a spread would.
  for (const field of fields) {
    const value = input[field];
    if (value !== undefined) attrs[field] = value;
  }
  return attrs;
}

function validAttrs(step: OpStep, kind: string, attrs: Attrs): Attrs {
  const spec = step.context.domain.nodeKinds.get(kind) ?? step.context.domain.edgeKinds.get(kind)!;
  const checked = spec.validateAttributes(attrs);
  if (!checked.ok) throw validationFailed(step, `attributes of the resulting ${kind}`, checked.errors);
  return Object.freeze(attrs);
}

function createTypedNode(step: OpStep, spec: OpSpec, input: Record<string, CanonicalValue>, opBytes: Uint8Array) {
  const attrs = validAttrs(step, spec.target, pickAttrs(input, spec.attributeFields));
  insertNode(step, spec.target, attrs, opBytes);
}

function createTypedEdge(step: OpStep, spec: OpSpec, input: Record<string, CanonicalValue>, opBytes: Uint8Array) {
  const kind = step.context.domain.edgeKinds.get(spec.target)!;
  const from = existingNode(step, spec.fromField!, input[spec.fromField!]);
  const to = existingNode(step, spec.toField!, input[spec.toField!]);
  expectKind(step, spec.fromField!, from, kind.from);
  expectKind(step, spec.toField!, to, kind.to);
  const attrs = validAttrs(step, spec.target, pickAttrs(input, spec.attributeFields));
  insertEdge(step, spec.target, from.id, to.id, attrs, opBytes);
}

function updateTyped(step: OpStep, spec: OpSpec, input: Record<string, CanonicalValue>): void {
  const field = spec.idField!;
  if (spec.attributeFields.length === 0) {
    // An event on the record (cancelTask): it must exist, but the stored record does not change.
    const record = spec.targetIsEdge
      ? existingEdge(step, field, input[field])
      : existingNode(step, field, input[field]);
    expectKind(step, field, record, spec.target);
    return;
  }
  if (spec.targetIsEdge) {
    const old = existingEdge(step, field, input[field]);
    expectKind(step, field, old, spec.target);
    const attrs = validAttrs(step, spec.target, patchedAttrs(old.attrs, input, spec.attributeFields));
    const record = freezeRecord({ id: old.id, kind: old.kind, from: old.from, to: old.to, attrs });
    step.pending.putEdge(record, false);
    step.out.mutations.push({ type: "replaceEdge", record, hash: edgeHash(step, record) });
  } else {
    const old = existingNode(step, field, input[field]);
    expectKind(step, field, old, spec.target);
    // Built field by field (not by spreading `old`), so every node record has one shape: the encoder and the
    // readers of records then see one object layout.
    const record = freezeRecord({
      id: old.id,
      kind: old.kind,
      attrs: validAttrs(step, spec.target, patchedAttrs(old.attrs, input, spec.attributeFields)),
    });
    step.pending.putNode(record);
    step.out.mutations.push({ type: "replaceNode", record, hash: nodeHash(step, record) });
  }
}

function deleteTyped(step: OpStep, spec: OpSpec, input: Record<string, CanonicalValue>): void {
  const field = spec.idField!;
  if (spec.targetIsEdge) {
    const edge = existingEdge(step, field, input[field]);
    expectKind(step, field, edge, spec.target);
    removeEdge(step, edge);
  } else {
    const node = existingNode(step, field, input[field]);
    expectKind(step, field, node, spec.target);
    removeNode(step, field, node);
  }
}

// ---- v0 ops ------------------------------------------------------------------------------------------------

const v0_fields: Readonly<Record<V0OpName, { required: readonly string[]; optional: readonly string[] }>> = {
  AddNode: { required: ["kind"], optional: ["payload_b64"] },
  AddEdge: { required: ["from", "kind", "to"], optional: ["payload_b64"] },
  RemoveNode: { required: ["id"], optional: [] },
  RemoveEdge: { required: ["id"], optional: [] },
};

function planV0Op(step: OpStep, name: V0OpName, rawData: unknown): CanonicalValue {
  const data = v0Data(step, name, rawData);
  const value = Object.freeze({ op: name, data });
  const start = encodeOp(step, value, name, "data", data);
  // For record ids; valid until a later op of the batch grows the scratch (this op is done with it by then).
  const bytes = opScratch.slice(start, opScratch.length);
  switch (name) {
    case "AddNode": {
      const kind = v0Kind(step, data.kind!);
      insertNode(step, kind, v0Attrs(step, data.payload_b64), bytes);
      break;
    }
    case "AddEdge": {
      const kind = v0Kind(step, data.kind!);
      const from = existingNode(step, "from", data.from);
      const to = existingNode(step, "to", data.to);
      insertEdge(step, kind, from.id, to.id, v0Attrs(step, data.payload_b64), bytes);
      break;
    }
    case "RemoveNode": {
      const node = existingNode(step, "id", data.id);
      expectV0Kind(step, node);
      removeNode(step, "id", node);
      break;
    }
    case "RemoveEdge": {
      const edge = existingEdge(step, "id", data.id);
      expectV0Kind(step, edge);
      removeEdge(step, edge);
      break;
    }
  }
  return value;
}

/** The data object with exactly the fields of the op, all strings; a fresh frozen copy. */
function v0Data(step: OpStep, name: V0OpName, raw: unknown): Readonly<Record<string, string>> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || !isPlainObject(raw)) {
    throw invalidInput(step.path, `expected an object, got ${describe(raw)}`, { opIndex: step.index });
  }
  const { required, optional } = v0_fields[name];
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!required.includes(key) && !optional.includes(key)) {
      const expected = [...required, ...optional].join(", ");
      throw invalidInput(`${step.path}/${key}`, `unknown field; ${name} data has ${expected}`, { opIndex: step.index });
    }
    if (value === undefined) continue;
    if (typeof value !== "string") {
      throw invalidInput(`${step.path}/${key}`, `expected a string, got ${describe(value)}`, { opIndex: step.index });
    }
    data[key] = value;
  }
  for (const key of required) {
    if (data[key] === undefined) throw invalidInput(`${step.path}/${key}`, "required", { opIndex: step.index });
  }
  return Object.freeze(data);
}

function v0Kind(step: OpStep, kind: string): string {
  const path = `${step.path}/kind`;
  if (kind.length === 0 || kind.length > v0_kind_chars_max) {
    throw invalidInput(path, `kind must be 1..${v0_kind_chars_max} characters`, { opIndex: step.index });
  }
  if (step.context.domain.nodeKinds.has(kind) || step.context.domain.edgeKinds.has(kind)) {
    throw invalidInput(path, `${kind} is a registered kind; create it with its typed op so it is validated`, {
      opIndex: step.index,
    });
  }
  return kind;
}

function expectV0Kind(step: OpStep, record: NodeRecord | EdgeRecord): void {
  if (step.context.domain.nodeKinds.has(record.kind) || step.context.domain.edgeKinds.has(record.kind)) {
    throw invalidInput(
      `${step.path}/id`,
      `${record.id} is a ${record.kind}, a registered kind; remove it with its typed delete op`,
      { opIndex: step.index, ids: [record.id] },
    );
  }
}

const base64_pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function v0Attrs(step: OpStep, payloadB64: string | undefined): Attrs {
  if (payloadB64 === undefined) return Object.freeze({});
  const path = `${step.path}/payload_b64`;
  const bytes = base64_pattern.test(payloadB64) ? Buffer.from(payloadB64, "base64") : null;
  // The pattern admits non-zero padding bits ("aGVsbG9="); only the one canonical spelling of the bytes is kept.
  if (bytes === null || bytes.toString("base64") !== payloadB64) {
    throw invalidInput(path, "expected canonical base64 (RFC 4648, standard alphabet, with padding)", {
      opIndex: step.index,
    });
  }
  return Object.freeze({ payload: Uint8Array.from(bytes) });
}

// ---- shared steps ------------------------------------------------------------------------------------------

/**
 * Appends the op's canonical bytes (as logged), within op_bytes_max, to `opScratch`; returns where they start (they
 * end at `opScratch.length`).
 */
function encodeOp(
  step: OpStep,
  logged: CanonicalValue,
  name: string,
  bodyKey: "data" | "input",
  body: CanonicalValue,
): number {
  const start = opScratch.length;
  try {
    try {
      // `logged` is {op: name, [bodyKey]: body}: its bytes up to the body are the same for every op of that name.
      opScratch.raw(opPrefix(name, bodyKey)).value(body);
    } catch {
      // Encoded again as a whole, so a failure names its path inside the op ("$.input.title") as it always did.
      opScratch.truncate(start);
      opScratch.value(logged);
    }
  } catch (error) {
    // Validators pass JSON-shaped values, but a string with a lone surrogate, say, has no canonical form.
    if (!(error instanceof CanonicalEncodeError)) throw error;
    if (error.reason === "too_large") {
      // The ops of one rewrite share one buffer (and end up in one history entry), bounded by canonical_bytes_max.
      throw invalidInput(
        step.path,
        `the ops up to this one encode to more than ${canonical_bytes_max} bytes ` +
          `(canonical_bytes_max); split the batch`,
        { opIndex: step.index },
      );
    }
    throw invalidInput(step.path, `has no canonical encoding (${error.message}); send well-formed plain data`, {
      opIndex: step.index,
    });
  }
  const length = opScratch.length - start;
  if (length > op_bytes_max) {
    throw invalidInput(step.path, `the op encodes to ${length} bytes, over op_bytes_max (${op_bytes_max})`, {
      opIndex: step.index,
    });
  }
  return start;
}

/** Encoded `{op: name, [bodyKey]: ` (map head, "op" key and value, body key), per op name and body key. */
const op_prefixes: Record<"data" | "input", Map<string, Uint8Array>> = { data: new Map(), input: new Map() };

function opPrefix(name: string, bodyKey: "data" | "input"): Uint8Array {
  const cached = op_prefixes[bodyKey].get(name);
  if (cached !== undefined) return cached;
  // Canonical key order puts "op" first: it encodes shorter than "data" and "input".
  const prefix = encodeCanonical({ op: name, [bodyKey]: null }).slice(0, -1); // all but the placeholder null
  op_prefixes[bodyKey].set(name, prefix);
  return prefix;
}

function existingNode(step: OpStep, field: string, id: unknown): NodeRecord {
  // The path is built only for an error: this runs for every op that names a node.
  if (!isRecordId(id)) {
    throw invalidInput(`${step.path}/${field}`, "expected a node id (64 lowercase hex characters)", {
      opIndex: step.index,
    });
  }
  const node = step.pending.node(id);
  if (node === undefined) {
    const path = `${step.path}/${field}`;
    throw new KernelError("NOT_FOUND", `${path}: no node ${id} in view ${step.context.viewName}`, {
      opIndex: step.index,
      ids: [id],
      issues: [{ path, message: "no such node" }],
    });
  }
  return node;
}

function existingEdge(step: OpStep, field: string, id: unknown): EdgeRecord {
  if (!isRecordId(id)) {
    throw invalidInput(`${step.path}/${field}`, "expected an edge id (64 lowercase hex characters)", {
      opIndex: step.index,
    });
  }
  const edge = step.pending.edge(id);
  if (edge === undefined) {
    const path = `${step.path}/${field}`;
    throw new KernelError("NOT_FOUND", `${path}: no edge ${id} in view ${step.context.viewName}`, {
      opIndex: step.index,
      ids: [id],
      issues: [{ path, message: "no such edge" }],
    });
  }
  return edge;
}

function expectKind(step: OpStep, field: string, record: NodeRecord | EdgeRecord, kind: string): void {
  if (record.kind !== kind) {
    throw invalidInput(`${step.path}/${field}`, `${record.id} is a ${record.kind}, expected a ${kind}`, {
      opIndex: step.index,
      ids: [record.id],
    });
  }
}

function freezeRecord<R extends NodeRecord | EdgeRecord>(record: R): R {
  return Object.freeze(record);
}

function nodeHash(step: OpStep, record: NodeRecord): Uint8Array {
  const encoded = encodeNodeRecordHash(record);
  checkRecordSize(step, encoded.byteLength);
  return encoded.hash;
}

function edgeHash(step: OpStep, record: EdgeRecord): Uint8Array {
  const encoded = encodeEdgeRecordHash(record);
  checkRecordSize(step, encoded.byteLength);
  return encoded.hash;
}

function checkRecordSize(step: OpStep, bytes: number): void {
  if (bytes > record_bytes_max) {
    throw invalidInput(
      step.path,
      `the record would encode to ${bytes} bytes, over record_bytes_max (${record_bytes_max})`,
      {
        opIndex: step.index,
      },
    );
  }
}

function insertNode(step: OpStep, kind: string, attrs: Attrs, opBytes: Uint8Array): void {
  const id = deriveRecordId(step.context.atDigest, step.index, opBytes);
  const record = freezeRecord({ id, kind, attrs });
  const hash = nodeHash(step, record);
  step.pending.putNode(record);
  step.out.mutations.push({ type: "insertNode", record, hash });
  step.out.created.push({ opIndex: step.index, id, kind, isEdge: false });
}

function insertEdge(step: OpStep, kind: string, from: string, to: string, attrs: Attrs, opBytes: Uint8Array): void {
  const id = deriveRecordId(step.context.atDigest, step.index, opBytes);
  const record = freezeRecord({ id, kind, from, to, attrs });
  const hash = edgeHash(step, record);
  step.pending.putEdge(record, true);
  step.out.mutations.push({ type: "insertEdge", record, hash });
  step.out.created.push({ opIndex: step.index, id, kind, isEdge: true });
}

function removeNode(step: OpStep, field: string, node: NodeRecord): void {
  const edges = step.pending.incidentEdgeCount(node.id);
  if (edges > 0) {
    throw new KernelError(
      "CONFLICT",
      `${step.path}/${field}: node ${node.id} still has ${edges} incident edge(s) in view ${step.context.viewName}; ` +
        `remove those edges first (earlier in the same rewrite is fine)`,
      { opIndex: step.index, ids: [node.id], issues: [{ path: `${step.path}/${field}`, message: "node has edges" }] },
    );
  }
  step.pending.deleteNode(node.id);
  step.out.mutations.push({ type: "removeNode", id: node.id });
}

function removeEdge(step: OpStep, edge: EdgeRecord): void {
  step.pending.deleteEdge(edge);
  step.out.mutations.push({ type: "removeEdge", id: edge.id });
}

function validationFailed(step: OpStep, what: string, issues: readonly ValidationIssue[]): KernelError {
  const prefixed = issues.map((issue) => ({ path: `${step.path}${issue.path}`, message: issue.message }));
  const summary = prefixed.map((issue) => `${issue.path || step.path}: ${issue.message}`).join("; ");
  return new KernelError("INVALID_INPUT", `${what} is invalid: ${summary}`, { opIndex: step.index, issues: prefixed });
}
