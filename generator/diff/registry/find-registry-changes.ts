import type { RegistryEntry, RegistryIR, RegistryNamespace, RetiredEntry } from "../../ir/types.js";
import { change } from "../change/schema-change.js";
import type { SchemaChange } from "../change/schema-change.js";
import { diffByName } from "../change/diff-by-name.js";
import { registryCoordinate } from "../change/coordinates.js";

const NAMESPACES: readonly RegistryNamespace[] = ["nodes", "edges", "ops"];

/**
 * kinds.yaml rules: ids are stable forever. Records in a write-ahead log carry ids, not names, so an id that moves,
 * comes back, or is handed to another name makes old history mean something else.
 */
export function findRegistryChanges(oldRegistry: RegistryIR, newRegistry: RegistryIR): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (oldRegistry.name !== newRegistry.name) {
    changes.push(
      change(
        "REGISTRY_NAME_CHANGED",
        "@registry",
        `Registry name changed from "${oldRegistry.name}" to "${newRegistry.name}"; logs pinned to the old name no longer open.`,
      ),
    );
  }
  for (const namespace of NAMESPACES) {
    changes.push(...findNamespaceChanges(namespace, oldRegistry, newRegistry));
  }
  return changes;
}

function findNamespaceChanges(
  namespace: RegistryNamespace,
  oldRegistry: RegistryIR,
  newRegistry: RegistryIR,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const oldRetired = retiredIn(oldRegistry, namespace);
  const newRetired = retiredIn(newRegistry, namespace);
  const oldOwnerOfId = new Map<number, string>();
  for (const entry of [...oldRetired, ...oldRegistry[namespace]]) oldOwnerOfId.set(entry.id, entry.name);
  const oldRetiredIds = new Set(oldRetired.map((entry) => entry.id));
  const at = (name: string) => registryCoordinate(namespace, name);

  const active = diffByName(oldRegistry[namespace], newRegistry[namespace]);
  for (const [oldEntry, newEntry] of active.persisted) {
    if (oldEntry.id !== newEntry.id) {
      changes.push(
        change(
          "REGISTRY_ID_CHANGED",
          at(newEntry.name),
          `${namespace}.${newEntry.name} changed id from ${oldEntry.id} to ${newEntry.id}; ids never change. Restore ${oldEntry.id}.`,
        ),
      );
    }
  }
  for (const added of active.added) {
    const previousOwner = oldOwnerOfId.get(added.id);
    if (oldRetiredIds.has(added.id)) {
      changes.push(
        change(
          "REGISTRY_RETIRED_ID_REVIVED",
          at(added.name),
          `${namespace}.${added.name} uses id ${added.id}, retired from ${previousOwner ?? "?"}; retired ids stay retired. Pick an unused id.`,
        ),
      );
    } else if (previousOwner !== undefined) {
      changes.push(
        change(
          "REGISTRY_ID_REUSED",
          at(added.name),
          `${namespace}.${added.name} takes id ${added.id}, which belonged to ${previousOwner}; ids are never reused. Pick an unused id.`,
        ),
      );
    } else {
      changes.push(
        change("REGISTRY_ENTRY_ADDED", at(added.name), `${namespace}.${added.name} registered with id ${added.id}.`),
      );
    }
  }
  for (const removed of active.removed) {
    const retired = newRetired.find((entry) => entry.name === removed.name && entry.id === removed.id);
    changes.push(
      retired === undefined
        ? change(
            "REGISTRY_ENTRY_REMOVED_WITHOUT_RETIRING",
            at(removed.name),
            `${namespace}.${removed.name} (id ${removed.id}) was removed without moving to retired; add { namespace: ${namespace}, name: ${removed.name}, id: ${removed.id} } under retired.`,
            "old",
          )
        : change(
            "REGISTRY_ENTRY_RETIRED",
            at(removed.name),
            `${namespace}.${removed.name} (id ${removed.id}) was retired${retired.reason ? `: ${retired.reason}` : "."}`,
          ),
    );
  }
  const newRetiredKeys = new Set(newRetired.map(retiredKey));
  // A revived id is already reported above; dropping its retired line is part of the same mistake.
  const newActiveIds = new Set(newRegistry[namespace].map((entry) => entry.id));
  const droppedEntries = oldRetired.filter(
    (entry) => !newRetiredKeys.has(retiredKey(entry)) && !newActiveIds.has(entry.id),
  );
  for (const dropped of droppedEntries) {
    changes.push(
      change(
        "REGISTRY_RETIRED_ENTRY_DROPPED",
        at(dropped.name),
        `Retired ${namespace}.${dropped.name} (id ${dropped.id}) was deleted from retired; keep it so the id is never handed out again.`,
        "old",
      ),
    );
  }
  return changes;
}

function retiredIn(registry: RegistryIR, namespace: RegistryNamespace): readonly RetiredEntry[] {
  return registry.retired.filter((entry) => entry.namespace === namespace);
}

function retiredKey(entry: RegistryEntry): string {
  return `${entry.name}#${entry.id}`;
}
