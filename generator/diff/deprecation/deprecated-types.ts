import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import type { GraphQLNamedType, GraphQLSchema } from "graphql";

/**
 * GraphQL's @deprecated cannot sit on a type, so a type is on the deprecation path (see ADR 0071) when
 *  - its definition carries @deprecated anyway (schemas that extend the directive's locations), or
 *  - it has members and every field / enum value of it is deprecated, or
 *  - something references it and every field, argument and input field that references it is deprecated
 *    (clients were warned on every path that reaches it).
 */
export function findDeprecatedTypeNames(schema: GraphQLSchema): ReadonlySet<string> {
  const deprecated = new Set<string>();
  const references = collectReferenceDeprecation(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      carriesDeprecatedDirective(type) ||
      allMembersDeprecated(type) ||
      references.get(type.name) === "all-deprecated"
    ) {
      deprecated.add(type.name);
    }
  }
  return deprecated;
}

type ReferenceState = "all-deprecated" | "some-live";

function collectReferenceDeprecation(schema: GraphQLSchema): Map<string, ReferenceState> {
  const states = new Map<string, ReferenceState>();
  const note = (typeName: string, isDeprecated: boolean) => {
    if (states.get(typeName) === "some-live") return;
    states.set(typeName, isDeprecated ? "all-deprecated" : "some-live");
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        note(getNamedType(field.type).name, field.deprecationReason != null);
        for (const arg of field.args) {
          note(getNamedType(arg.type).name, field.deprecationReason != null || arg.deprecationReason != null);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        note(getNamedType(field.type).name, field.deprecationReason != null);
      }
    }
  }
  return states;
}

function carriesDeprecatedDirective(type: GraphQLNamedType): boolean {
  const nodes = [type.astNode, ...(type.extensionASTNodes ?? [])];
  return nodes.some((node) => node?.directives?.some((directive) => directive.name.value === "deprecated") ?? false);
}

function allMembersDeprecated(type: GraphQLNamedType): boolean {
  const members =
    isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
      ? Object.values(type.getFields())
      : isEnumType(type)
        ? type.getValues()
        : [];
  return members.length > 0 && members.every((member) => member.deprecationReason != null);
}
