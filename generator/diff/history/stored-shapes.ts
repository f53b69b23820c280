import type { FieldDef, TypeDef, TypeRef, WesleyIR } from "../../ir/types.js";

/**
 * What a write-ahead log holds for a schema: records of node and edge kinds (their stored attributes) and op
 * invocations (their input objects, nested inputs included). Both are re-validated and decoded on replay.
 */
export interface StoredShape {
  readonly typeName: string;
  readonly role: "record" | "op-input";
  /** Fields as stored: for records, every field except `id` and `@derived` ones; for inputs, every field. */
  readonly fields: readonly FieldDef[];
}

/** Every stored shape of `ir`, keyed by type name. */
export function findStoredShapes(ir: WesleyIR): Map<string, StoredShape> {
  const byName = new Map(ir.types.map((type) => [type.name, type]));
  const shapes = new Map<string, StoredShape>();
  for (const type of ir.types) {
    if (type.kind === "object" && (type.node === true || type.edge !== undefined)) {
      shapes.set(type.name, {
        typeName: type.name,
        role: "record",
        fields: type.fields.filter((field) => field.name !== "id" && field.derivedFrom === undefined),
      });
    }
  }
  const pending = opInputTypeNames(ir);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    const type = byName.get(name);
    if (type?.kind !== "input" || shapes.has(name)) continue;
    shapes.set(name, { typeName: name, role: "op-input", fields: type.fields });
    for (const field of type.fields) pending.push(namedTypeOf(field.type));
  }
  return shapes;
}

function opInputTypeNames(ir: WesleyIR): string[] {
  const mutation = ir.types.find((type): type is Extract<TypeDef, { kind: "object" }> => {
    return type.kind === "object" && type.name === ir.roots.mutation;
  });
  return (mutation?.fields ?? []).flatMap((field) => (field.op ? [field.op.input] : []));
}

export function namedTypeOf(ref: TypeRef): string {
  return ref.kind === "named" ? ref.name : namedTypeOf(ref.of);
}

export function printTypeRef(ref: TypeRef): string {
  if (ref.kind === "named") return ref.name;
  if (ref.kind === "list") return `[${printTypeRef(ref.of)}]`;
  return `${printTypeRef(ref.of)}!`;
}

/** Every value valid for `before` is valid for `after` and decodes the same: same named type, at most relaxed. */
export function acceptsAllValuesOf(before: TypeRef, after: TypeRef): boolean {
  if (before.kind === "nonNull") {
    return after.kind === "nonNull" ? acceptsAllValuesOf(before.of, after.of) : acceptsAllValuesOf(before.of, after);
  }
  if (before.kind === "list") return after.kind === "list" && acceptsAllValuesOf(before.of, after.of);
  return after.kind === "named" && after.name === before.name;
}
