import { Kind } from "graphql";
import type { ConstArgumentNode, ConstDirectiveNode, TypeNode } from "graphql";
import type { SourceLocation } from "../ir/types.js";
import { locationOf } from "../load/location.js";

export function findDirective(directives: readonly ConstDirectiveNode[] | undefined, name: string): ConstDirectiveNode | undefined {
  return directives?.find((d) => d.name.value === name);
}

export function hasDirective(directives: readonly ConstDirectiveNode[] | undefined, name: string): boolean {
  return findDirective(directives, name) !== undefined;
}

export function argumentOf(directive: ConstDirectiveNode, name: string): ConstArgumentNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name);
}

export interface LocatedValue<T> {
  readonly value: T;
  readonly location: SourceLocation;
}

/**
 * A string argument as written. Absent, or not a string literal (graphql's value check reports that one), gives
 * undefined, so rules never report a second, confusing error about the same argument.
 */
export function stringArgument(directive: ConstDirectiveNode, name: string): LocatedValue<string> | undefined {
  const arg = argumentOf(directive, name);
  if (arg === undefined || arg.value.kind !== Kind.STRING) return undefined;
  return { value: arg.value.value, location: locationOf(arg.value) };
}

/** A numeric argument (Int or Float literal) as written. */
export function numberArgument(directive: ConstDirectiveNode, name: string): LocatedValue<number> | undefined {
  const arg = argumentOf(directive, name);
  if (arg === undefined || (arg.value.kind !== Kind.INT && arg.value.kind !== Kind.FLOAT)) return undefined;
  return { value: Number(arg.value.value), location: locationOf(arg.value) };
}

/** A list-of-strings argument; a lone string counts as a one-item list (GraphQL input coercion). */
export function stringListArgument(directive: ConstDirectiveNode, name: string): LocatedValue<readonly LocatedValue<string>[]> | undefined {
  const arg = argumentOf(directive, name);
  if (arg === undefined) return undefined;
  const items = arg.value.kind === Kind.LIST ? arg.value.values : [arg.value];
  const out: LocatedValue<string>[] = [];
  for (const item of items) {
    if (item.kind !== Kind.STRING) return undefined;
    out.push({ value: item.value, location: locationOf(item) });
  }
  return { value: out, location: locationOf(arg.value) };
}

export function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

export function isListType(type: TypeNode): boolean {
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  return inner.kind === Kind.LIST_TYPE;
}

/** `ID!` exactly: ids of touched records and edge endpoints must always be present. */
export function isNonNullId(type: TypeNode): boolean {
  return type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.NAMED_TYPE && type.type.name.value === "ID";
}

/**
 * Whether canonical CBOR (the IR's encoding) holds `n` exactly: finite, and an integer only within ±(2^53 - 1).
 * Literals such as 1e300 or 1e400 fail; rules reject them with a location instead of the encoder failing later.
 */
export function isCanonicallyExact(n: number): boolean {
  return Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n));
}
