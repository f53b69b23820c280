import { getNamedType, isCompositeType, isObjectType, isRequiredArgument, Kind } from "graphql";
import type {
  FieldNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  InlineFragmentNode,
  SelectionNode,
  SelectionSetNode,
} from "graphql";

/**
 * How many object levels below the root field a domain method selects. Payloads of the kernel API are shallow
 * (`{ accepted receipt { view { kind swsId } } }` is three levels); a deeper reference is a link the caller can follow
 * with a query of its own, and a bound keeps the document small whatever the schema's shape.
 */
export const DOMAIN_SELECTION_DEPTH_MAX = 4;

/**
 * The selection a domain method asks for: every field of the result that can be selected without arguments, at
 * every level up to DOMAIN_SELECTION_DEPTH_MAX, so the result carries everything the server returns (ADR 0110).
 * Left out: fields with a required argument (there is no value to give), deprecated fields (they are on their way
 * out and would break the client when removed), and a type already being selected further up (a cycle such as
 * Task.dependsOn: [Task] is a link, not part of this result). On an interface or union: `__typename` plus one inline
 * fragment per possible type, so the result narrows on `__typename`. A level with nothing selectable selects
 * `__typename`, which every object type has.
 */
export function fullSelection(type: GraphQLCompositeType, schema: GraphQLSchema): SelectionSetNode {
  return selectionOf(type, schema, [type.name], 1);
}

function selectionOf(
  type: GraphQLCompositeType,
  schema: GraphQLSchema,
  path: readonly string[],
  depth: number,
): SelectionSetNode {
  if (!isObjectType(type)) return abstractSelection(type, schema, path, depth);
  const selections: SelectionNode[] = [];
  for (const field of sortedFields(type.getFields())) {
    const node = fieldSelection(field, schema, path, depth);
    if (node !== undefined) selections.push(node);
  }
  return selectionSet(selections.length === 0 ? [typename()] : selections);
}

function fieldSelection(
  field: GraphQLField<unknown, unknown>,
  schema: GraphQLSchema,
  path: readonly string[],
  depth: number,
): FieldNode | undefined {
  if (field.deprecationReason !== undefined && field.deprecationReason !== null) return undefined;
  if (field.args.some(isRequiredArgument)) return undefined;
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return fieldNode(field.name);
  if (depth >= DOMAIN_SELECTION_DEPTH_MAX || path.includes(named.name)) return undefined;
  return fieldNode(field.name, selectionOf(named, schema, [...path, named.name], depth + 1));
}

/**
 * An interface or union: `__typename` and one inline fragment per possible object type (sorted by name), each with
 * its full selection (an interface's own fields are in every one of them).
 */
function abstractSelection(
  type: GraphQLCompositeType,
  schema: GraphQLSchema,
  path: readonly string[],
  depth: number,
): SelectionSetNode {
  const possible = [...schema.getPossibleTypes(type as never)].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const fragments = possible
    .filter((object) => !path.slice(0, -1).includes(object.name))
    .map((object): InlineFragmentNode => ({
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: object.name } },
      selectionSet: selectionOf(object, schema, [...path, object.name], depth),
    }));
  return selectionSet([typename(), ...fragments]);
}

function sortedFields(fields: Record<string, GraphQLField<unknown, unknown>>): GraphQLField<unknown, unknown>[] {
  // The IR keeps fields sorted already; sorting again keeps this independent of how the schema was built.
  return Object.values(fields).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function selectionSet(selections: readonly SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

function fieldNode(name: string, selection?: SelectionSetNode): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    ...(selection === undefined ? {} : { selectionSet: selection }),
  };
}

function typename(): FieldNode {
  return fieldNode("__typename");
}
