import { getNamedType, isAbstractType, isCompositeType, isListType, isNonNullType, isObjectType, Kind } from "graphql";
import type {
  DirectiveNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  SelectionNode,
  SelectionSetNode,
} from "graphql";
import { propertyKey, stringLiteral } from "./literals.js";
import type { TypeContext } from "./type-context.js";

/** Nesting deeper than this is a cyclic-looking query no server would accept; stop rather than recurse forever. */
const SELECTION_DEPTH_MAX = 64;

interface CollectedField {
  readonly key: string;
  readonly nodes: FieldNode[];
  /** True when every occurrence sits under `@include`/`@skip` with a variable: the key may be absent. */
  optional: boolean;
}

/**
 * The TypeScript type of a selection set's result, precise to the selection (aliases, fragments, `__typename`,
 * nullability, lists, `@include`/`@skip`). On an interface or union the result is a union over the possible object
 * types, grouping types whose selected fields come out the same, so `... on Task { title }` narrows by `__typename`.
 */
export function selectionSetType(
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  context: TypeContext,
  depth = 0,
): string {
  if (depth > SELECTION_DEPTH_MAX) throw new Error(`selection sets nested deeper than ${SELECTION_DEPTH_MAX} levels`);
  const possible = isObjectType(parent)
    ? [parent]
    : [...schema.getPossibleTypes(parent)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (possible.length === 0) return "never";

  // Shape without __typename -> the object types sharing it, in sorted order of first appearance.
  const groups = new Map<string, { members: string[]; fields: readonly [CollectedField, string | undefined][] }>();
  for (const object of possible) {
    const fields = collectFields(object, selectionSet, schema, fragments, false, new Map());
    const rendered = [...fields.values()].map((field): [CollectedField, string | undefined] => [
      field,
      field.nodes[0]?.name.value === "__typename"
        ? undefined
        : fieldType(object, field.nodes, schema, fragments, context, depth),
    ]);
    const shape = JSON.stringify(rendered.map(([field, type]) => [field.key, field.optional, type ?? null]));
    const group = groups.get(shape);
    if (group === undefined) groups.set(shape, { members: [object.name], fields: rendered });
    else group.members.push(object.name);
  }
  return [...groups.values()]
    .map(({ members, fields }) => {
      const typename = members.map(stringLiteral).join(" | ");
      const properties = fields.map(
        ([field, type]) => `readonly ${propertyKey(field.key)}${field.optional ? "?" : ""}: ${type ?? typename}`,
      );
      return properties.length === 0 ? "{}" : `{ ${properties.join("; ")} }`;
    })
    .join(" | ");
}

/** The type of one field's value (not wrapped in its response key): what a domain method resolves to. */
export function fieldValueType(
  parent: GraphQLObjectType,
  field: FieldNode,
  schema: GraphQLSchema,
  context: TypeContext,
): string {
  return fieldType(parent, [field], schema, new Map(), context, 0);
}

function fieldType(
  object: GraphQLObjectType,
  nodes: readonly FieldNode[],
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  context: TypeContext,
  depth: number,
): string {
  const first = nodes[0] as FieldNode;
  const definition = object.getFields()[first.name.value];
  if (definition === undefined)
    throw new Error(`internal: ${object.name}.${first.name.value} passed validation but is unknown`);
  const named = getNamedType(definition.type);
  // Validation guarantees every occurrence of one response key selects the same field, so their selections merge.
  const leaf = (): string => {
    if (!isCompositeType(named)) return context.reference(named);
    const selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
    const merged: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
    return selectionSetType(named, merged, schema, fragments, context, depth + 1);
  };
  return wrapType(definition.type, leaf);
}

/** Applies GraphQL nullability and lists around the named type's rendering. */
function wrapType(type: GraphQLOutputType, leaf: () => string): string {
  if (isNonNullType(type)) return wrapNonNull(type.ofType, leaf);
  return `${wrapNonNull(type, leaf)} | null`;
}

function wrapNonNull(type: GraphQLOutputType, leaf: () => string): string {
  if (isListType(type)) return `readonly (${wrapType(type.ofType, leaf)})[]`;
  if (isNonNullType(type)) return wrapNonNull(type.ofType, leaf);
  return leaf();
}

function collectFields(
  object: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  conditional: boolean,
  into: Map<string, CollectedField>,
): Map<string, CollectedField> {
  for (const selection of selectionSet.selections) {
    if (isAlwaysSkipped(selection)) continue;
    const optional = conditional || isConditional(selection);
    switch (selection.kind) {
      case Kind.FIELD: {
        const key = selection.alias?.value ?? selection.name.value;
        const existing = into.get(key);
        if (existing === undefined) into.set(key, { key, nodes: [selection], optional });
        else {
          existing.nodes.push(selection);
          existing.optional &&= optional;
        }
        break;
      }
      case Kind.INLINE_FRAGMENT: {
        const condition = selection.typeCondition?.name.value;
        if (condition === undefined || applies(condition, object, schema)) {
          collectFields(object, selection.selectionSet, schema, fragments, optional, into);
        }
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined && applies(fragment.typeCondition.name.value, object, schema)) {
          collectFields(object, fragment.selectionSet, schema, fragments, optional, into);
        }
        break;
      }
    }
  }
  return into;
}

/** Whether a fragment with this type condition contributes fields when the value is of type `object`. */
function applies(condition: string, object: GraphQLObjectType, schema: GraphQLSchema): boolean {
  if (condition === object.name) return true;
  const type = schema.getType(condition);
  return type !== undefined && isAbstractType(type) && schema.isSubType(type, object);
}

/** `@include(if: $v)` / `@skip(if: $v)`: depends on a variable, so the key may be missing from the result. */
function isConditional(selection: SelectionNode): boolean {
  return (selection.directives ?? []).some(
    (directive) => isIncludeOrSkip(directive) && ifArgument(directive)?.kind === Kind.VARIABLE,
  );
}

/** `@include(if: false)` / `@skip(if: true)` literals: never in the result. */
function isAlwaysSkipped(selection: SelectionNode): boolean {
  return (selection.directives ?? []).some((directive) => {
    const value = ifArgument(directive);
    if (value?.kind !== Kind.BOOLEAN) return false;
    return directive.name.value === "include" ? !value.value : directive.name.value === "skip" && value.value;
  });
}

function isIncludeOrSkip(directive: DirectiveNode): boolean {
  return directive.name.value === "include" || directive.name.value === "skip";
}

function ifArgument(directive: DirectiveNode) {
  if (!isIncludeOrSkip(directive)) return undefined;
  return directive.arguments?.find((argument) => argument.name.value === "if")?.value;
}
