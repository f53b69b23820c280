import type { CanonicalValue } from "../../runtime/canonical/index.js";
import { digestOf } from "../../runtime/hash/index.js";
import type { RegistryIR, WesleyIR } from "./types.js";
import { IR_VERSION } from "./types.js";

/** Version tag of the registry hash (docs/adr/0031-schema-and-registry-hashes.md). */
export const REGISTRY_HASH_TAG = "wesley-registry/v1";

/**
 * The schema hash: BLAKE3-256 (hex) of the canonical CBOR of `["wesley-ir/v1", ir]`. The IR is plain data by
 * construction (no undefined, no class instances), which is what makes the cast below sound.
 */
export function hashIR(ir: WesleyIR): string {
  return digestOf(IR_VERSION, ir as unknown as CanonicalValue);
}

/** The registry hash: BLAKE3-256 (hex) of the canonical CBOR of `["wesley-registry/v1", registry]`. */
export function hashRegistry(registry: RegistryIR): string {
  return digestOf(REGISTRY_HASH_TAG, registry as unknown as CanonicalValue);
}
