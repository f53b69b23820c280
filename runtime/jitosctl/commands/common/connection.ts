import type { Command } from "commander";
import { WebSocket } from "ws";
import { createClient } from "../../client/index.js";
import type { Client, FetchLike } from "../../client/index.js";
import { parsePositiveInteger } from "./integer-option.js";
import { authorizationValue, resolveToken, TOKEN_ENVIRONMENT_VARIABLE } from "./token.js";
import type { BearerToken } from "./token.js";
import { UsageError } from "./usage-error.js";

/** Where jitosd listens unless told otherwise (`jitosd` defaults to 127.0.0.1:8080, path /graphql). */
export const DEFAULT_URL = "http://127.0.0.1:8080/graphql";
/** Environment variable that overrides DEFAULT_URL; --url overrides both. */
export const URL_ENVIRONMENT_VARIABLE = "JITOSD_URL";
/** How long one HTTP request may take before jitosctl gives up (exit 3). */
export const REQUEST_TIMEOUT_MS_DEFAULT = 30_000;
export const REQUEST_TIMEOUT_MS_MAX = 3_600_000;

/** The flags every server command has. */
export interface ServerOptions {
  readonly url?: string;
  readonly json?: boolean;
  readonly timeout?: string;
  readonly tokenFile?: string;
}

export function addServerOptions(command: Command): Command {
  return command
    .option("--url <url>", `jitosd's GraphQL endpoint (default: $${URL_ENVIRONMENT_VARIABLE}, else ${DEFAULT_URL})`)
    .option("--json", "print the result as JSON on stdout; errors as one JSON line on stderr")
    .option(
      "--timeout <ms>",
      `give up on a request after this many milliseconds (default ${REQUEST_TIMEOUT_MS_DEFAULT})`,
    )
    .option(
      "--token-file <path>",
      `send the bearer token held in this file (jitosd --auth; default: $${TOKEN_ENVIRONMENT_VARIABLE}, else none)`,
    );
}

/** --url, else $JITOSD_URL, else the default; it must be an http(s) URL. */
export function resolveUrl(options: ServerOptions, environment: NodeJS.ProcessEnv): string {
  const fromEnvironment = environment[URL_ENVIRONMENT_VARIABLE];
  const [text, source] =
    options.url !== undefined
      ? [options.url, "--url"]
      : fromEnvironment !== undefined && fromEnvironment !== ""
        ? [fromEnvironment, `$${URL_ENVIRONMENT_VARIABLE}`]
        : [DEFAULT_URL, "the default"];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} "${text}" is not a URL; write e.g. ${DEFAULT_URL}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(
      `${source} "${text}" must be an http:// or https:// URL (subscriptions derive ws:// from it).`,
    );
  }
  return url.toString();
}

/** What `connect` returns: the client, and what messages about a failure need to know. */
export interface Connection {
  readonly client: Client;
  readonly url: string;
  /** The token sent with every request, or null (messages name its source, never the token). */
  readonly token: BearerToken | null;
  /** The close code of the subscription socket once it closed (4403: jitosd refused the token). */
  readonly socketCloseCode: () => number | undefined;
}

/**
 * A client of the generated jitosctl client for `url`; every HTTP request gives up after `timeoutMs`. With a token
 * (--token-file, $JITOSCTL_TOKEN) every HTTP request carries `Authorization: Bearer <token>` and the graphql-ws
 * connection_init payload carries `{authorization: "Bearer <token>"}`, where jitosd looks for it (ADR 0103, 0112).
 */
export function connect(options: ServerOptions, environment: NodeJS.ProcessEnv, cwd: string): Connection {
  const url = resolveUrl(options, environment);
  const timeoutMs =
    options.timeout === undefined
      ? REQUEST_TIMEOUT_MS_DEFAULT
      : parsePositiveInteger("--timeout", options.timeout, REQUEST_TIMEOUT_MS_MAX);
  const token = resolveToken(options.tokenFile, environment, cwd);
  const authorization: Record<string, string> = token === null ? {} : { authorization: authorizationValue(token) };
  let socketCloseCode: number | undefined;
  // Node 20 has fetch but no global WebSocket: the ws package serves subscriptions (rewrites --follow). The client
  // reports a closed socket as CONNECTION_CLOSED whatever the code; keep the code so a refused token (4403) can be
  // told from a dropped connection.
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocol: string) {
      super(address, protocol);
      this.addEventListener("close", (event) => (socketCloseCode = event.code));
    }
  }
  const client = createClient({
    url,
    fetch: timedFetch(timeoutMs),
    webSocketImpl: RecordingWebSocket,
    headers: authorization,
    ...(token === null ? {} : { connectionParams: authorization }),
  });
  return { client, url, token, socketCloseCode: () => socketCloseCode };
}

/**
 * The global fetch with a deadline, and failures described by their cause ("connect ECONNREFUSED 127.0.0.1:8080")
 * instead of undici's bare "fetch failed", so the message says what to fix.
 */
function timedFetch(timeoutMs: number): FetchLike {
  return async (url, init) => {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return {
        ok: response.ok,
        status: response.status,
        statusText: response.statusText,
        text: () =>
          response.text().catch((error: unknown) => {
            throw new Error(describeFailure(error, timeoutMs));
          }),
      };
    } catch (error) {
      throw new Error(describeFailure(error, timeoutMs));
    }
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { message?: unknown; code?: unknown } | undefined) : undefined;
  if (cause !== undefined && typeof cause.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
