import { Kind, print } from "graphql";
import type {
  ConstDirectiveNode,
  DefinitionNode,
  DirectiveDefinitionNode,
  DocumentNode,
  EnumValueDefinitionNode,
  FieldDefinitionNode,
  InputValueDefinitionNode,
  NamedTypeNode,
  OperationTypeNode,
  TypeDefinitionNode,
  TypeExtensionNode,
} from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { didYouMean, error } from "../diagnostics/index.js";
import type { SourceLocation } from "../ir/types.js";
import { formatLocation, locationOf } from "./location.js";

export type TypeKind = "object" | "interface" | "input" | "enum" | "union" | "scalar";

export const BUILTIN_SCALARS = ["Boolean", "Float", "ID", "Int", "String"] as const;

/** A field of an object/interface (FieldDefinitionNode) or of an input object (InputValueDefinitionNode). */
export type FieldNode = FieldDefinitionNode | InputValueDefinitionNode;

/** One named type with its definition and every `extend` of it, merged across files. */
export interface ModelType {
  readonly name: string;
  readonly kind: TypeKind;
  readonly builtin: boolean;
  readonly definition?: TypeDefinitionNode;
  readonly extensions: TypeExtensionNode[];
  /** Fields in definition order, then extension order (objects, interfaces, inputs). */
  readonly fields: Map<string, FieldNode>;
  readonly enumValues: Map<string, EnumValueDefinitionNode>;
  /** Directives on the definition and on every extension. */
  readonly directives: ConstDirectiveNode[];
  readonly location?: SourceLocation;
}

/**
 * The merged view of all SDL files: what Wesley's rules read. Built in one pass over the definitions, so it is
 * linear in the schema size; duplicates and bad extensions are reported here with both locations.
 */
export interface SchemaModel {
  readonly types: ReadonlyMap<string, ModelType>;
  readonly directives: ReadonlyMap<string, DirectiveDefinitionNode>;
  readonly roots: { readonly query?: string; readonly mutation?: string; readonly subscription?: string };
  /** Every definition to hand to graphql-js (Wesley's directive SDL first, identical user copies left out). */
  readonly document: DocumentNode;
  /** Schema coordinate -> location (Type, Type.field, Type.field(arg:), Enum.VALUE, @dir, @dir(arg:)). */
  readonly locations: Map<string, SourceLocation>;
}

const DEFINITION_KINDS: Partial<Record<Kind, TypeKind>> = {
  [Kind.OBJECT_TYPE_DEFINITION]: "object",
  [Kind.INTERFACE_TYPE_DEFINITION]: "interface",
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: "input",
  [Kind.ENUM_TYPE_DEFINITION]: "enum",
  [Kind.UNION_TYPE_DEFINITION]: "union",
  [Kind.SCALAR_TYPE_DEFINITION]: "scalar",
};

const EXTENSION_KINDS: Partial<Record<Kind, TypeKind>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: "object",
  [Kind.INTERFACE_TYPE_EXTENSION]: "interface",
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: "input",
  [Kind.ENUM_TYPE_EXTENSION]: "enum",
  [Kind.UNION_TYPE_EXTENSION]: "union",
  [Kind.SCALAR_TYPE_EXTENSION]: "scalar",
};

const KIND_KEYWORD: Record<TypeKind, string> = {
  object: "type",
  interface: "interface",
  input: "input",
  enum: "enum",
  union: "union",
  scalar: "scalar",
};

export interface ModelInput {
  /** Wesley's own directive definitions (generator/directives/wesley.graphql). */
  readonly wesleyDirectives: DocumentNode;
  /** The user's documents, in sorted file order. */
  readonly documents: readonly DocumentNode[];
}

export function buildSchemaModel(input: ModelInput): { model: SchemaModel; diagnostics: Diagnostic[] } {
  return new ModelBuilder(input).build();
}

class ModelBuilder {
  private readonly types = new Map<string, ModelType>();
  private readonly directives = new Map<string, DirectiveDefinitionNode>();
  private readonly wesleyDirectiveNames = new Set<string>();
  private readonly locations = new Map<string, SourceLocation>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly documentDefinitions: DefinitionNode[] = [];
  private readonly roots: { query?: string; mutation?: string; subscription?: string } = {};
  private schemaDefinitionSeen = false;
  /** "member Union" / "interface Type" -> names listed so far. */
  private readonly listedNames = new Map<string, Map<string, NamedTypeNode>>();

  constructor(private readonly input: ModelInput) {}

  build(): { model: SchemaModel; diagnostics: Diagnostic[] } {
    for (const name of BUILTIN_SCALARS) {
      this.types.set(name, { name, kind: "scalar", builtin: true, extensions: [], fields: new Map(), enumValues: new Map(), directives: [] });
    }
    for (const def of this.input.wesleyDirectives.definitions) {
      if (def.kind !== Kind.DIRECTIVE_DEFINITION) continue;
      this.directives.set(def.name.value, def);
      this.wesleyDirectiveNames.add(def.name.value);
      this.documentDefinitions.push(def);
    }
    // Definitions first, then extensions: a field repeated by an `extend` is reported at the extension, whatever
    // file order the two live in.
    const extensions: TypeExtensionNode[] = [];
    for (const doc of this.input.documents) {
      for (const def of doc.definitions) {
        const kind = DEFINITION_KINDS[def.kind];
        if (kind !== undefined) this.addDefinition(def as TypeDefinitionNode, kind);
        else if (EXTENSION_KINDS[def.kind] !== undefined) extensions.push(def as TypeExtensionNode);
        else if (def.kind === Kind.DIRECTIVE_DEFINITION) {
          if (!this.addDirective(def)) continue;
        } else if (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) {
          this.addSchemaRoots(def.operationTypes ?? [], def.kind === Kind.SCHEMA_DEFINITION);
        }
        this.documentDefinitions.push(def);
      }
    }
    for (const ext of extensions) this.addExtension(ext, EXTENSION_KINDS[ext.kind] as TypeKind);
    this.defaultRoots();

    const model: SchemaModel = {
      types: this.types,
      directives: this.directives,
      roots: this.roots,
      document: { kind: Kind.DOCUMENT, definitions: this.documentDefinitions },
      locations: this.locations,
    };
    return { model, diagnostics: this.diagnostics };
  }

  private addDefinition(def: TypeDefinitionNode, kind: TypeKind): void {
    const name = def.name.value;
    const location = locationOf(def.name);
    const existing = this.types.get(name);
    if (existing !== undefined) {
      // Redeclaring a built-in scalar (`scalar String`) is harmless and common in exported SDL; graphql-js keeps
      // the built-in, and so do we.
      if (existing.builtin && kind === "scalar") return;
      const first = existing.location ? ` (first defined at ${formatLocation(existing.location)})` : " (it is a built-in scalar)";
      this.diagnostics.push(
        error("WESLEY_DUPLICATE_TYPE", `Type "${name}" is defined more than once${first}.`, location, existing.location ? `Keep one definition; to add fields to a type defined elsewhere, write \`extend ${KIND_KEYWORD[kind]} ${name}\`.` : "Rename the type."),
      );
      return;
    }
    const type: ModelType = {
      name,
      kind,
      builtin: false,
      definition: def,
      extensions: [],
      fields: new Map(),
      enumValues: new Map(),
      directives: [...(def.directives ?? [])],
      location,
    };
    this.types.set(name, type);
    this.locations.set(name, location);
    this.addMembers(type, def);
  }

  private addExtension(ext: TypeExtensionNode, kind: TypeKind): void {
    const name = ext.name.value;
    const location = locationOf(ext.name);
    const type = this.types.get(name);
    if (type === undefined || type.builtin) {
      const suggestion = type?.builtin ? "" : didYouMean(name, this.userTypeNames());
      this.diagnostics.push(
        error(
          "WESLEY_EXTENSION_OF_UNDEFINED_TYPE",
          type?.builtin ? `Cannot extend built-in scalar "${name}".` : `Cannot extend type "${name}": it is not defined in any schema file.`,
          location,
          type?.builtin ? "Define your own scalar instead." : `${suggestion ? suggestion + " " : ""}Define \`${KIND_KEYWORD[kind]} ${name}\` in one file, or fix the name.`,
        ),
      );
      return;
    }
    if (type.kind !== kind) {
      this.diagnostics.push(
        error(
          "WESLEY_EXTENSION_KIND_MISMATCH",
          `\`extend ${KIND_KEYWORD[kind]} ${name}\` does not match its definition, a ${KIND_KEYWORD[type.kind]} (${type.location ? formatLocation(type.location) : "built-in"}).`,
          location,
          `Write \`extend ${KIND_KEYWORD[type.kind]} ${name}\`.`,
        ),
      );
      return;
    }
    type.extensions.push(ext);
    type.directives.push(...(ext.directives ?? []));
    this.addMembers(type, ext);
  }

  private addMembers(type: ModelType, node: TypeDefinitionNode | TypeExtensionNode): void {
    switch (node.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        for (const field of node.fields ?? []) this.addField(type, field);
        this.checkUniqueNames(node.interfaces ?? [], type, "interface");
        return;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        for (const field of node.fields ?? []) this.addField(type, field);
        return;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        for (const value of node.values ?? []) this.addEnumValue(type, value);
        return;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        this.checkUniqueNames(node.types ?? [], type, "member");
        return;
      default:
        return;
    }
  }

  private addField(type: ModelType, field: FieldNode): void {
    const coordinate = `${type.name}.${field.name.value}`;
    const location = locationOf(field.name);
    const first = type.fields.get(field.name.value);
    if (first !== undefined) {
      this.diagnostics.push(
        error(
          "WESLEY_DUPLICATE_FIELD",
          `Field "${coordinate}" is defined more than once: here and at ${formatLocation(locationOf(first.name))}.`,
          location,
          "Remove one of the two definitions (or rename one). Wesley never merges duplicate fields, because the two may disagree on type, arguments or description.",
        ),
      );
      return;
    }
    type.fields.set(field.name.value, field);
    this.locations.set(coordinate, location);
    if (field.kind === Kind.FIELD_DEFINITION) this.addArguments(coordinate, field.arguments ?? []);
  }

  private addArguments(owner: string, args: readonly InputValueDefinitionNode[]): void {
    const seen = new Map<string, InputValueDefinitionNode>();
    for (const arg of args) {
      const coordinate = `${owner}(${arg.name.value}:)`;
      const location = locationOf(arg.name);
      const first = seen.get(arg.name.value);
      if (first !== undefined) {
        this.diagnostics.push(
          error(
            "WESLEY_DUPLICATE_ARGUMENT",
            `Argument "${coordinate}" is defined more than once: here and at ${formatLocation(locationOf(first.name))}.`,
            location,
            "Remove one of the two argument definitions.",
          ),
        );
        continue;
      }
      seen.set(arg.name.value, arg);
      this.locations.set(coordinate, location);
    }
  }

  private addEnumValue(type: ModelType, value: EnumValueDefinitionNode): void {
    const coordinate = `${type.name}.${value.name.value}`;
    const location = locationOf(value.name);
    const first = type.enumValues.get(value.name.value);
    if (first !== undefined) {
      this.diagnostics.push(
        error("WESLEY_DUPLICATE_ENUM_VALUE", `Enum value "${coordinate}" is defined more than once: here and at ${formatLocation(locationOf(first.name))}.`, location, "Remove one of the two values."),
      );
      return;
    }
    type.enumValues.set(value.name.value, value);
    this.locations.set(coordinate, location);
  }

  /** Union members and implemented interfaces: listing one twice (even across extensions) is a mistake. */
  private checkUniqueNames(names: readonly NamedTypeNode[], type: ModelType, what: "member" | "interface"): void {
    const key = `${what} ${type.name}`;
    let listed = this.listedNames.get(key);
    if (listed === undefined) this.listedNames.set(key, (listed = new Map()));
    for (const named of names) {
      const first = listed.get(named.name.value);
      if (first === undefined) {
        listed.set(named.name.value, named);
        continue;
      }
      const code = what === "member" ? "WESLEY_DUPLICATE_UNION_MEMBER" : "WESLEY_DUPLICATE_INTERFACE";
      this.diagnostics.push(
        error(code, `${type.name} lists ${what} "${named.name.value}" more than once (also at ${formatLocation(locationOf(first))}).`, locationOf(named), `Remove the repeated ${what}.`),
      );
    }
  }

  /** Returns false when the definition is an identical copy of a Wesley directive (dropped, not an error). */
  private addDirective(def: DirectiveDefinitionNode): boolean {
    const name = def.name.value;
    const location = locationOf(def.name);
    const existing = this.directives.get(name);
    if (existing !== undefined && this.wesleyDirectiveNames.has(name) && !this.locations.has(`@${name}`)) {
      if (sameDirectiveSignature(existing, def)) {
        // Users ship wesley.graphql next to their SDL for editors; a schema glob then picks it up. Identical
        // copies (descriptions may differ) are accepted and ignored.
        this.locations.set(`@${name}`, location);
        return false;
      }
      this.diagnostics.push(
        error(
          "WESLEY_DIRECTIVE_REDEFINED",
          `Directive "@${name}" is one of Wesley's and is defined here differently: ${print(withoutDescriptions(def))} (Wesley's is ${print(withoutDescriptions(existing))}).`,
          location,
          "Remove this definition (Wesley loads its own), or copy generator/directives/wesley.graphql unchanged. If this is another tool's directive, rename it.",
        ),
      );
      return false;
    }
    if (existing !== undefined) {
      const firstAt = this.locations.get(`@${name}`);
      this.diagnostics.push(
        error(
          "WESLEY_DUPLICATE_DIRECTIVE_DEFINITION",
          `Directive "@${name}" is defined more than once${firstAt ? ` (first at ${formatLocation(firstAt)})` : ""}.`,
          location,
          "Keep one definition.",
        ),
      );
      return false;
    }
    this.directives.set(name, def);
    this.locations.set(`@${name}`, location);
    this.addArguments(`@${name}`, def.arguments ?? []);
    return true;
  }

  private addSchemaRoots(operationTypes: readonly { operation: OperationTypeNode; type: NamedTypeNode }[], isDefinition: boolean): void {
    if (isDefinition) this.schemaDefinitionSeen = true;
    for (const op of operationTypes) this.roots[op.operation] ??= op.type.name.value;
  }

  /** Without `schema { ... }`, the root types are the types named Query, Mutation and Subscription (as in graphql-js). */
  private defaultRoots(): void {
    if (this.schemaDefinitionSeen) return;
    const byName = { query: "Query", mutation: "Mutation", subscription: "Subscription" } as const;
    for (const op of ["query", "mutation", "subscription"] as const) {
      if (this.roots[op] === undefined && this.types.get(byName[op])?.kind === "object") this.roots[op] = byName[op];
    }
  }

  private *userTypeNames(): Iterable<string> {
    for (const t of this.types.values()) if (!t.builtin) yield t.name;
  }
}

function withoutDescriptions(def: DirectiveDefinitionNode): DirectiveDefinitionNode {
  return { ...def, description: undefined, arguments: (def.arguments ?? []).map((a) => ({ ...a, description: undefined })) };
}

function sameDirectiveSignature(a: DirectiveDefinitionNode, b: DirectiveDefinitionNode): boolean {
  return print(withoutDescriptions(a)) === print(withoutDescriptions(b));
}
