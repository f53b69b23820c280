import { Kind } from "graphql";
import type { ConstDirectiveNode, FieldDefinitionNode, InputValueDefinitionNode } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { didYouMean, error } from "../diagnostics/index.js";
import type { SourceLocation } from "../ir/types.js";
import { locationOf } from "../load/location.js";
import type { ModelType, SchemaModel } from "../load/model.js";
import { findDirective, isNonNullId, namedTypeOf, stringArgument } from "./ast.js";
import type { LocatedValue } from "./ast.js";
import { isEdgeKind, isNodeKind } from "./kinds.js";

export const OP_EFFECTS = ["creates", "updates", "deletes"] as const;

/**
 * @op fields: on the Mutation root, exactly one effect on a node or edge kind, one non-null `input` argument of
 * an input type, `id:` for updates/deletes, `from:`/`to:` for edge creation, no writes to @derived fields.
 */
export function checkOps(model: SchemaModel): { diagnostics: Diagnostic[]; ops: Map<string, SourceLocation> } {
  const diagnostics: Diagnostic[] = [];
  const ops = new Map<string, SourceLocation>();
  for (const type of model.types.values()) {
    if (type.kind !== "object" && type.kind !== "interface") continue;
    for (const field of type.fields.values()) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const op = findDirective(field.directives, "op");
      if (op === undefined) continue;
      const location = locationOf(field.name);
      if (type.name !== model.roots.mutation) {
        diagnostics.push(
          error(
            "WESLEY_OP_NOT_ON_MUTATION",
            `@op is on "${type.name}.${field.name.value}", which is not a field of the Mutation root type${model.roots.mutation ? ` ("${model.roots.mutation}")` : " (the schema has none)"}.`,
            locationOf(op),
            "Ops are domain verbs: declare them as fields of `type Mutation`.",
          ),
        );
        continue;
      }
      ops.set(field.name.value, location);
      diagnostics.push(...new OpChecker(model, field, op).check());
    }
  }
  return { diagnostics, ops };
}

class OpChecker {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly name: string;
  private readonly opLocation: SourceLocation;

  constructor(
    private readonly model: SchemaModel,
    private readonly field: FieldDefinitionNode,
    private readonly op: ConstDirectiveNode,
  ) {
    this.name = field.name.value;
    this.opLocation = locationOf(op);
  }

  check(): Diagnostic[] {
    const effects = OP_EFFECTS.flatMap((effect) => {
      const arg = stringArgument(this.op, effect);
      return arg === undefined ? [] : [{ effect, arg }];
    });
    const input = this.inputType();
    const only = effects.length === 1 ? effects[0] : undefined;
    if (only === undefined) {
      this.report(
        "WESLEY_OP_EFFECT",
        effects.length === 0 ? `@op on "${this.name}" names no effect.` : `@op on "${this.name}" names ${effects.length} effects (${effects.map((e) => e.effect).join(", ")}).`,
        this.opLocation,
        'Name exactly one: @op(creates: "Kind"), @op(updates: "Kind", id: "...") or @op(deletes: "Kind", id: "..."). Split a verb that does several things into several ops.',
      );
      return this.diagnostics;
    }
    const target = this.target(only.effect, only.arg);
    this.checkIdArgument(only.effect, input);
    this.checkEndpointArguments(only.effect, target, input);
    if (input !== undefined && target !== undefined) this.checkDerivedWrites(target, input);
    return this.diagnostics;
  }

  /** The input object type of the single `input: X!` argument, or undefined (reported) when the shape is wrong. */
  private inputType(): ModelType | undefined {
    const args = this.field.arguments ?? [];
    const arg = args[0];
    const hint = `Declare the op as \`${this.name}(input: ${capitalize(this.name)}Input!)\` with an \`input ${capitalize(this.name)}Input { ... }\` type.`;
    if (args.length !== 1 || arg === undefined || arg.name.value !== "input") {
      const offending = args.find((a) => a.name.value !== "input") ?? args[1];
      const where = locationOf(offending?.name ?? this.field.name);
      this.report("WESLEY_OP_INPUT", `Op "${this.name}" must take exactly one argument, named \`input\`; it takes ${args.length === 0 ? "none" : args.map((a) => a.name.value).join(", ")}.`, where, hint);
      return undefined;
    }
    const typeName = namedTypeOf(arg.type);
    const type = this.model.types.get(typeName);
    if (type === undefined) return undefined; // unknown type: already reported by the SDL rules
    if (type.kind !== "input" || arg.type.kind !== Kind.NON_NULL_TYPE || arg.type.type.kind !== Kind.NAMED_TYPE) {
      this.report("WESLEY_OP_INPUT", `The \`input\` argument of op "${this.name}" must be a non-null input object type (\`input: SomeInput!\`), not \`${typeText(arg)}\`.`, locationOf(arg.type), hint);
      return type.kind === "input" ? type : undefined;
    }
    return type;
  }

  private target(effect: string, arg: LocatedValue<string>): ModelType | undefined {
    const type = this.model.types.get(arg.value);
    if (isNodeKind(type) || isEdgeKind(type)) return type;
    const kinds = [...this.model.types.values()].filter((t) => isNodeKind(t) || isEdgeKind(t)).map((t) => t.name);
    const suggestion = type === undefined ? didYouMean(arg.value, kinds) : "";
    this.report(
      "WESLEY_OP_TARGET",
      type === undefined ? `@op(${effect}: "${arg.value}") on "${this.name}" names no type.` : `@op(${effect}: "${arg.value}") on "${this.name}" names a type that is neither @node nor @edge.`,
      arg.location,
      `${suggestion ? suggestion + " " : ""}An op creates, updates or deletes records of one node or edge kind${type?.kind === "object" ? `; add @node or @edge to ${arg.value}` : ""}.`,
    );
    return undefined;
  }

  private checkIdArgument(effect: (typeof OP_EFFECTS)[number], input: ModelType | undefined): void {
    const id = stringArgument(this.op, "id");
    if (effect === "creates") {
      if (id !== undefined) this.report("WESLEY_OP_ID_FIELD", `@op(creates:) on "${this.name}" takes no \`id:\`: the kernel assigns the new record's id.`, id.location, "Remove `id:`; use it with updates/deletes only.");
      return;
    }
    if (id === undefined) {
      this.report("WESLEY_OP_ID_FIELD", `@op(${effect}:) on "${this.name}" needs \`id:\` naming the input field that holds the id of the record to touch.`, this.opLocation, `Add e.g. \`id: "taskId"\` and a \`taskId: ID!\` field to the input type.`);
      return;
    }
    this.checkIdField("id", id, input, "WESLEY_OP_ID_FIELD");
  }

  private checkEndpointArguments(effect: (typeof OP_EFFECTS)[number], target: ModelType | undefined, input: ModelType | undefined): void {
    const ends = { from: stringArgument(this.op, "from"), to: stringArgument(this.op, "to") };
    const createsEdge = effect === "creates" && target !== undefined && isEdgeKind(target);
    for (const end of ["from", "to"] as const) {
      const arg = ends[end];
      if (!createsEdge) {
        if (arg !== undefined && target !== undefined) {
          this.report("WESLEY_OP_ENDPOINT_FIELDS", `@op on "${this.name}" takes no \`${end}:\`: it is only for ops that create an edge.`, arg.location, `Remove \`${end}:\`.`);
        }
        continue;
      }
      if (arg === undefined) {
        this.report(
          "WESLEY_OP_ENDPOINT_FIELDS",
          `@op(creates: "${target?.name}") on "${this.name}" creates an edge and needs \`${end}:\` naming the input field with the id of the node the edge ${end === "from" ? "starts at" : "points to"}.`,
          this.opLocation,
          'Add e.g. `from: "taskId", to: "dependsOnTaskId"` and matching `ID!` fields in the input type.',
        );
        continue;
      }
      this.checkIdField(end, arg, input, "WESLEY_OP_ENDPOINT_FIELDS");
    }
  }

  private checkIdField(what: string, arg: LocatedValue<string>, input: ModelType | undefined, code: "WESLEY_OP_ID_FIELD" | "WESLEY_OP_ENDPOINT_FIELDS"): void {
    if (input === undefined) return;
    const field = input.fields.get(arg.value);
    if (field === undefined) {
      const suggestion = didYouMean(arg.value, input.fields.keys());
      this.report(code, `@op(${what}: "${arg.value}") on "${this.name}" names no field of input "${input.name}".`, arg.location, `${suggestion ? suggestion + " " : ""}Add \`${arg.value}: ID!\` to input ${input.name}, or name an existing field.`);
      return;
    }
    if (!isNonNullId(field.type)) {
      this.report(code, `@op(${what}: "${arg.value}") on "${this.name}" names "${input.name}.${arg.value}", which is \`${typeText(field)}\`, not \`ID!\`.`, locationOf(field.type), `Declare \`${arg.value}: ID!\`.`);
    }
  }

  /** Fields derived from history are never written: an input field with a @derived field's name would be. */
  private checkDerivedWrites(target: ModelType, input: ModelType): void {
    for (const inputField of input.fields.values()) {
      const targetField = target.fields.get(inputField.name.value);
      if (targetField === undefined || findDirective(targetField.directives, "derived") === undefined) continue;
      this.report(
        "WESLEY_OP_DERIVED_INPUT",
        `Input field "${input.name}.${inputField.name.value}" of op "${this.name}" would write "${target.name}.${inputField.name.value}", which is @derived (computed from history, never stored).`,
        locationOf(inputField.name),
        "Remove the field from the input, or rename it if it is history-only data (e.g. a reason) that a fold reads.",
      );
    }
  }

  private report(code: Parameters<typeof error>[0], message: string, location: SourceLocation, hint: string): void {
    this.diagnostics.push(error(code, message, location, hint));
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function typeText(node: InputValueDefinitionNode | FieldDefinitionNode): string {
  const loc = node.type.loc;
  return loc ? loc.source.body.slice(loc.start, loc.end) : namedTypeOf(node.type);
}
