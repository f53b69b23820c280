// Versioned digests (docs/adr/0012-versioned-digests.md): every hashed structure carries its version tag, so a
// change of shape changes the tag and can never be confused with the old shape's digest.
import { withCanonicalBytes } from "../canonical/index.js";
import type { CanonicalValue } from "../canonical/index.js";
import { blake3Hex } from "./blake3.js";

export const version_tag_chars_max = 64;

/** Lowercase name, then a version: `graph-commit-v0`, `wesley-ir/v1`. */
const version_tag_pattern = /^[a-z][a-z0-9._:/-]*v[0-9]+$/;

/**
 * Hex BLAKE3-256 of the canonical encoding of the 2-element array `[versionTag, body]`.
 * Throws CanonicalEncodeError when `body` is not encodable (path relative to the body is under `$[1]`).
 */
export function digestOf(versionTag: string, body: CanonicalValue): string {
  if (versionTag.length > version_tag_chars_max || !version_tag_pattern.test(versionTag)) {
    throw new TypeError(
      `digestOf: version tag ${JSON.stringify(versionTag)} must be lowercase, at most ${version_tag_chars_max} ` +
        `characters, and end in a version like "-v0" or "/v1" (e.g. "graph-commit-v0")`,
    );
  }
  return withCanonicalBytes([versionTag, body], blake3Hex);
}
