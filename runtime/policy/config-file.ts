// The bearer-token config jitosd reads (docs/policy.md, "Principals over HTTP"):
//
//   version: 1
//   principals:
//     - id: alice
//       capabilities: [task:write, plan:write]
//       tokenBlake3: 9f2c...   # BLAKE3-256 hex of the token (preferred: the file holds no secret)
//     - id: ci
//       capabilities: [task:write]
//       token: "a-long-random-secret"   # or the token itself, at least bearer_token_chars_min characters
//
// YAML or JSON (JSON is YAML). Every problem is collected and reported at once with its file and path; a file with
// any problem yields no principals at all (deny by default, never a partial set).
import { readFileSync, statSync } from "node:fs";
import { parseDocument } from "yaml";
import { blake3Hex } from "../hash/index.js";
import { bearer_token_chars_min, principals_config_bytes_max, principals_max } from "./limits.js";
import { makePrincipal, principalProblems, PrincipalRegistry } from "./principals.js";
import type { Principal } from "./spec.js";

export const principals_config_version = 1;

/** The config file is unusable; `problems` lists every one found, each naming where. */
export class PrincipalsConfigError extends Error {
  override readonly name = "PrincipalsConfigError";
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file}: ${problems.length} problem(s) in the principals config:\n` + problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
}

/** Principals plus the token -> principal map jitosd authenticates requests with. */
export class TokenPrincipals {
  constructor(
    readonly registry: PrincipalRegistry,
    private readonly byTokenHash: ReadonlyMap<string, string>,
  ) {}

  /** The principal a bearer token belongs to, or null (the caller answers FORBIDDEN / 401). */
  authenticate(token: string): Principal | null {
    const id = this.byTokenHash.get(tokenHash(token));
    return id === undefined ? null : (this.registry.get(id) ?? null);
  }

  /** The principal of an `Authorization: Bearer <token>` header value, or null when absent, malformed or unknown. */
  authenticateHeader(header: string | undefined | null): Principal | null {
    if (typeof header !== "string") return null;
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
    return match === null ? null : this.authenticate(match[1]!);
  }
}

/** BLAKE3-256 hex of a token's UTF-8 bytes: what `tokenBlake3` holds. */
export function tokenHash(token: string): string {
  return blake3Hex(new TextEncoder().encode(token));
}

export function loadPrincipalsConfig(file: string): TokenPrincipals {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new PrincipalsConfigError(file, [`cannot read the file (${(error as Error).message})`]);
  }
  if (size > principals_config_bytes_max) {
    throw new PrincipalsConfigError(file, [
      `${size} bytes, over principals_config_bytes_max (${principals_config_bytes_max})`,
    ]);
  }
  return parsePrincipalsConfig(file, readFileSync(file, "utf8"));
}

const known_keys = ["capabilities", "id", "token", "tokenBlake3"];

/** Parses and validates config text; `file` is only used in messages. */
export function parsePrincipalsConfig(file: string, text: string): TokenPrincipals {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new PrincipalsConfigError(
      file,
      document.errors.map(
        (error) =>
          `line ${error.linePos?.[0].line ?? "?"}, column ${error.linePos?.[0].col ?? "?"}: ${error.message.split("\n")[0]}`,
      ),
    );
  }
  const raw: unknown = document.toJS();
  const problems: string[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PrincipalsConfigError(file, [
      `expected a mapping with "version: ${principals_config_version}" and "principals:"`,
    ]);
  }
  const data = raw as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (key !== "version" && key !== "principals")
      problems.push(`/${key}: unknown key; the keys are version, principals`);
  }
  if (data["version"] !== principals_config_version) {
    problems.push(`/version: expected ${principals_config_version}, got ${JSON.stringify(data["version"])}`);
  }
  const list = data["principals"];
  if (!Array.isArray(list)) {
    problems.push(`/principals: expected a list of {id, capabilities, token | tokenBlake3}`);
    throw new PrincipalsConfigError(file, problems);
  }
  if (list.length > principals_max)
    problems.push(`/principals: ${list.length} exceed principals_max (${principals_max})`);
  const principals: Principal[] = [];
  const byTokenHash = new Map<string, string>();
  const ids = new Set<string>();
  list.forEach((item: unknown, index) => {
    const path = `/principals/${index}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(`${path}: expected a mapping {id, capabilities, token | tokenBlake3}`);
      return;
    }
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!known_keys.includes(key))
        problems.push(`${path}/${key}: unknown key; the keys are ${known_keys.join(", ")}`);
    }
    const found = principalProblems(path, entry["id"], entry["capabilities"]);
    problems.push(...found);
    const hash = tokenHashOf(path, entry, problems);
    if (found.length > 0 || hash === undefined) return;
    const id = entry["id"] as string;
    if (ids.has(id)) problems.push(`${path}/id: principal ${JSON.stringify(id)} is defined twice`);
    const holder = byTokenHash.get(hash);
    if (holder !== undefined)
      problems.push(`${path}: the same token is already given to principal ${JSON.stringify(holder)}`);
    ids.add(id);
    byTokenHash.set(hash, id);
    principals.push(makePrincipal(id, entry["capabilities"] as string[]));
  });
  if (problems.length > 0) throw new PrincipalsConfigError(file, problems);
  return new TokenPrincipals(new PrincipalRegistry(principals), byTokenHash);
}

function tokenHashOf(path: string, entry: Record<string, unknown>, problems: string[]): string | undefined {
  const token = entry["token"];
  const hashed = entry["tokenBlake3"];
  if ((token === undefined) === (hashed === undefined)) {
    problems.push(`${path}: give exactly one of token (the secret) or tokenBlake3 (its BLAKE3-256 hex)`);
    return undefined;
  }
  if (token !== undefined) {
    if (typeof token !== "string" || token.length < bearer_token_chars_min || !/^[\x21-\x7e]+$/.test(token)) {
      problems.push(
        `${path}/token: expected at least ${bearer_token_chars_min} printable ASCII characters without spaces`,
      );
      return undefined;
    }
    return tokenHash(token);
  }
  if (typeof hashed !== "string" || !/^[0-9a-f]{64}$/.test(hashed)) {
    problems.push(`${path}/tokenBlake3: expected 64 lowercase hex characters (BLAKE3-256 of the token)`);
    return undefined;
  }
  return hashed;
}
