import { isListType, isNamedType, isNonNullType } from "graphql";
import type { GraphQLType } from "graphql";

/**
 * Whether clients reading an output field of `oldType` still understand `newType`: the same named type, or a
 * non-null where nullable was allowed (graphql-js `isChangeSafeForObjectOrInterfaceField`, same verdicts).
 */
export function isSafeOutputTypeChange(oldType: GraphQLType, newType: GraphQLType): boolean {
  if (isListType(oldType)) {
    return (
      (isListType(newType) && isSafeOutputTypeChange(oldType.ofType, newType.ofType)) ||
      (isNonNullType(newType) && isSafeOutputTypeChange(oldType, newType.ofType))
    );
  }
  if (isNonNullType(oldType)) {
    return isNonNullType(newType) && isSafeOutputTypeChange(oldType.ofType, newType.ofType);
  }
  return (
    (isNamedType(newType) && oldType.name === newType.name) ||
    (isNonNullType(newType) && isSafeOutputTypeChange(oldType, newType.ofType))
  );
}

/**
 * Whether every value clients could send for an argument or input field of `oldType` is still accepted as
 * `newType`: the same named type, or nullable where non-null was required (graphql-js
 * `isChangeSafeForInputObjectFieldOrFieldArg`, same verdicts).
 */
export function isSafeInputTypeChange(oldType: GraphQLType, newType: GraphQLType): boolean {
  if (isListType(oldType)) {
    return isListType(newType) && isSafeInputTypeChange(oldType.ofType, newType.ofType);
  }
  if (isNonNullType(oldType)) {
    return (
      (isNonNullType(newType) && isSafeInputTypeChange(oldType.ofType, newType.ofType)) ||
      (!isNonNullType(newType) && isSafeInputTypeChange(oldType.ofType, newType))
    );
  }
  return isNamedType(newType) && oldType.name === newType.name;
}

export function sameTypeReference(oldType: GraphQLType, newType: GraphQLType): boolean {
  return String(oldType) === String(newType);
}
