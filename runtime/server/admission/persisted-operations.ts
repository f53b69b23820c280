// --persisted-only: the daemon runs only operations listed in a manifest that `wesley build --target client`
// generated from the client's documents (docs/client.md, ADR 0082). The manifest maps BLAKE3-256(source) to the
// source; a request names its operation by `extensions.documentId`, by sending the exact source, or both.
import { readFileSync, statSync } from "node:fs";
import { blake3Hex } from "../../hash/index.js";
import { apiError } from "../errors/index.js";
import type { GraphQLError } from "graphql";

export const persisted_operations_format = "wesley-persisted-operations/v1";

/** A manifest larger than this is not a client's operation list. */
export const persisted_manifest_bytes_max = 64 * 1024 * 1024;

export class PersistedManifestError extends Error {
  override readonly name = "PersistedManifestError";
}

export class PersistedOperations {
  private constructor(
    readonly file: string,
    private readonly byId: ReadonlyMap<string, string>,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  /** Reads and checks a manifest: its format, and that every id is the BLAKE3-256 of its source. */
  static load(file: string): PersistedOperations {
    let text: string;
    try {
      const bytes = statSync(file).size;
      if (bytes > persisted_manifest_bytes_max) {
        throw new PersistedManifestError(`${file}: ${bytes} bytes, over persisted_manifest_bytes_max (${persisted_manifest_bytes_max})`);
      }
      text = readFileSync(file, "utf8");
    } catch (error) {
      if (error instanceof PersistedManifestError) throw error;
      throw new PersistedManifestError(`${file}: cannot read the persisted-operations manifest (${(error as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new PersistedManifestError(`${file}: not JSON (${(error as Error).message}); pass the persisted-operations.json that wesley build --target client wrote`);
    }
    const manifest = parsed as { format?: unknown; algorithm?: unknown; operations?: unknown };
    if (typeof parsed !== "object" || parsed === null || manifest.format !== persisted_operations_format) {
      throw new PersistedManifestError(`${file}: "format" must be "${persisted_operations_format}" (got ${JSON.stringify(manifest?.format)}); pass the persisted-operations.json that wesley build --target client wrote`);
    }
    if (manifest.algorithm !== "blake3-256") {
      throw new PersistedManifestError(`${file}: "algorithm" must be "blake3-256" (got ${JSON.stringify(manifest.algorithm)})`);
    }
    if (typeof manifest.operations !== "object" || manifest.operations === null || Array.isArray(manifest.operations)) {
      throw new PersistedManifestError(`${file}: "operations" must be an object mapping ids to sources`);
    }
    const byId = new Map<string, string>();
    const problems: string[] = [];
    for (const [id, source] of Object.entries(manifest.operations)) {
      if (typeof source !== "string") {
        problems.push(`operations["${id}"] is not a string`);
        continue;
      }
      const actual = blake3Hex(new TextEncoder().encode(source));
      if (actual !== id) problems.push(`operations["${id}"]: the source hashes to ${actual}; the manifest was edited by hand or is corrupt`);
      else byId.set(id, source);
    }
    if (problems.length > 0) throw new PersistedManifestError(`${file}:\n  ${problems.join("\n  ")}`);
    if (byId.size === 0) throw new PersistedManifestError(`${file}: lists no operations; every request would be refused`);
    return new PersistedOperations(file, byId);
  }

  /** The source to run for a request, or FORBIDDEN explaining what is allowed. */
  resolve(query: string | null | undefined, documentId: unknown): string | GraphQLError {
    if (documentId !== undefined && documentId !== null) {
      if (typeof documentId !== "string") return apiError("INVALID_INPUT", "extensions.documentId must be a string (the operation's id in persisted-operations.json)");
      const source = this.byId.get(documentId);
      if (source === undefined) return this.refuse(`extensions.documentId ${documentId} is not in it`);
      if (query !== undefined && query !== null && query !== source) return this.refuse(`the query sent differs from the source persisted under ${documentId}`);
      return source;
    }
    if (query === undefined || query === null) return apiError("INVALID_INPUT", 'the request needs "query" or extensions.documentId');
    const id = blake3Hex(new TextEncoder().encode(query));
    return this.byId.has(id) ? query : this.refuse(`this query (BLAKE3 ${id.slice(0, 16)}...) is not in it`);
  }

  private refuse(why: string): GraphQLError {
    return apiError(
      "FORBIDDEN",
      `this daemon runs with --persisted-only and accepts only the ${this.byId.size} operations of ${this.file}; ${why}. ` +
        `Send an operation generated into that manifest by wesley build --target client (its client sends the id and source for you).`,
    );
  }
}
