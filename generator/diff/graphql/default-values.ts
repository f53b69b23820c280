import { astFromValue, print } from "graphql";
import type { GraphQLInputType, ValueNode } from "graphql";
import { compareCodeUnits } from "../change/compare.js";

/**
 * A default value printed the way introspection shows it to clients, with object fields sorted so that
 * reordering fields in the SDL is not reported as a change.
 */
export function printDefaultValue(value: unknown, type: GraphQLInputType): string {
  const ast = astFromValue(value, type);
  if (ast === null || ast === undefined) return "null";
  return print(sortObjectFields(ast));
}

function sortObjectFields(node: ValueNode): ValueNode {
  switch (node.kind) {
    case "ObjectValue":
      return {
        ...node,
        fields: [...node.fields]
          .sort((a, b) => compareCodeUnits(a.name.value, b.name.value))
          .map((field) => ({ ...field, value: sortObjectFields(field.value) })),
      };
    case "ListValue":
      return { ...node, values: node.values.map(sortObjectFields) };
    default:
      return node;
  }
}
