/** Splits two named lists into what was added, removed and kept (old/new pairs), each in input order. */
export interface NamedDiff<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly persisted: readonly (readonly [T, T])[];
}

export function diffByName<T extends { readonly name: string }>(
  oldItems: readonly T[],
  newItems: readonly T[],
): NamedDiff<T> {
  const newByName = new Map(newItems.map((item) => [item.name, item]));
  const oldNames = new Set(oldItems.map((item) => item.name));
  const removed: T[] = [];
  const persisted: (readonly [T, T])[] = [];
  for (const oldItem of oldItems) {
    const newItem = newByName.get(oldItem.name);
    if (newItem === undefined) removed.push(oldItem);
    else persisted.push([oldItem, newItem]);
  }
  const added = newItems.filter((item) => !oldNames.has(item.name));
  return { added, removed, persisted };
}
