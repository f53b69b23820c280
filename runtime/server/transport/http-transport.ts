// GraphQL over HTTP (graphql-http): POST for everything, GET for queries, at /graphql. We read the body ourselves
// so its size is bounded before any of it is parsed, and route every operation through the admission gate.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHandler } from "graphql-http";
import type { Request as HttpRequest } from "graphql-http";
import type { GraphQLError } from "graphql";
import { admit } from "../admission/admit.js";
import type { Gate } from "../admission/admit.js";
import type { PersistedOperations } from "../admission/persisted-operations.js";
import type { Authorizer } from "../auth/authorizer.js";
import { apiError, formatApiError } from "../errors/index.js";
import type { ErrorLog } from "../errors/index.js";
import type { OperationExecutor } from "../execution/compiled-operations.js";
import type { RequestContext } from "../graph-api/context.js";

export const graphql_path = "/graphql";

export interface HttpTransportOptions {
  readonly gate: Gate;
  readonly auth: Authorizer;
  readonly log: ErrorLog;
  /** Runs admitted operations (compiled once they repeat). */
  readonly executor: OperationExecutor;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHttpTransport(options: HttpTransportOptions): Handler {
  const { gate, auth, log, executor } = options;
  const graphqlHandler = createHandler<IncomingMessage, RequestContext, RequestContext>({
    schema: gate.schema,
    execute: executor.execute,
    onSubscribe: (req, params) => {
      const admitted = admit(gate, {
        query: params.query,
        operationName: params.operationName,
        variables: params.variables,
        extensions: params.extensions,
      });
      if (Array.isArray(admitted)) return admitted as GraphQLError[];
      const { document, kind } = admitted as Exclude<typeof admitted, readonly GraphQLError[]>;
      if (kind === "subscription") {
        return [
          apiError(
            "NOT_IMPLEMENTED",
            `subscriptions are not served over HTTP; open a WebSocket to ws://<host>:<port>${graphql_path} with the graphql-transport-ws protocol`,
          ),
        ];
      }
      return {
        schema: gate.schema,
        document,
        operationName: params.operationName ?? null,
        variableValues: params.variables ?? null,
        contextValue: req.context,
      };
    },
    formatError: (error) => formatApiError(error, log) as unknown as GraphQLError,
  });

  return async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== graphql_path) {
      sendErrors(res, 404, [apiError("NOT_FOUND", `no resource at ${path}; the GraphQL endpoint is ${graphql_path}`)], log);
      return;
    }
    let principal;
    try {
      principal = auth.authenticate(req.headers.authorization);
    } catch (error) {
      sendErrors(res, 401, [error], log, { "www-authenticate": 'Bearer realm="jitosd"' });
      return;
    }
    const body = await readBody(req, gate.limits.bodyBytesMax);
    if (body === "too-large") {
      sendErrors(
        res,
        413,
        [apiError("INVALID_INPUT", `the request body is over bodyBytesMax (${gate.limits.bodyBytesMax} bytes); send smaller batches, or start jitosd with a larger --body-bytes-max`)],
        log,
        { connection: "close" },
      );
      return;
    }
    if (body === "aborted") return;
    const request: HttpRequest<IncomingMessage, RequestContext> = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: { get: (key: string) => headerValue(req, key) },
      body: gate.persisted === null ? body : withPersistedQuery(body, gate.persisted),
      raw: req,
      context: { principal },
    };
    const [responseBody, init] = await graphqlHandler(request);
    const headers = init.headers as Record<string, string> | undefined;
    const refusal = protocolRefusal(init.status, req);
    if (refusal !== null) {
      sendErrors(res, init.status, [refusal], log, headers);
      return;
    }
    writeResponse(res, init.status, init.statusText, headers, responseBody);
  };
}

/**
 * graphql-http answers a wrong method, content type or Accept header with an empty body, and a mutation over GET
 * with an error that has no code. Every error carries extensions.code (DESIGN.md section 4) and says what to send
 * instead, so these get our own answer (same status and headers).
 */
function protocolRefusal(status: number, req: IncomingMessage): GraphQLError | null {
  const method = (req.method ?? "GET").toUpperCase();
  switch (status) {
    case 405:
      return method === "GET"
        ? apiError("INVALID_INPUT", "mutations are not served over GET; POST them as JSON: {\"query\": \"mutation ...\", \"variables\": {...}}")
        : apiError("INVALID_INPUT", `method ${method} is not served at ${graphql_path}; POST (queries and mutations) or GET (queries)`);
    case 415:
      return apiError(
        "INVALID_INPUT",
        `content-type ${JSON.stringify(headerValue(req, "content-type") ?? "")} is not served; POST with content-type: application/json`,
      );
    case 406:
      return apiError(
        "INVALID_INPUT",
        `cannot answer in any type the accept header allows (${JSON.stringify(headerValue(req, "accept") ?? "")}); accept application/json or application/graphql-response+json`,
      );
    default:
      return null;
  }
}

/**
 * A persisted operation may be named by extensions.documentId alone (no query): fill the query in from the
 * manifest so graphql-http, which requires one, accepts the request; the gate checks the pair as usual.
 */
function withPersistedQuery(body: string, persisted: PersistedOperations): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body; // graphql-http answers the malformed body
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return body;
  const request = parsed as { query?: unknown; extensions?: { documentId?: unknown } };
  const documentId = request.extensions?.documentId;
  if ((request.query !== undefined && request.query !== null) || typeof documentId !== "string") return body;
  const source = persisted.resolve(null, documentId);
  return typeof source === "string" ? JSON.stringify({ ...request, query: source }) : body;
}

function headerValue(req: IncomingMessage, key: string): string | null {
  const value = req.headers[key.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The body as text, or "too-large" as soon as it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | "too-large" | "aborted"> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max) return Promise.resolve("too-large");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: string | "too-large" | "aborted") => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        settle("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => settle(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => settle("aborted"));
    req.on("close", () => settle("aborted"));
  });
}

export function sendErrors(res: ServerResponse, status: number, errors: readonly unknown[], log: ErrorLog, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: errors.map((error) => formatApiError(error, log)) });
  writeResponse(res, status, undefined, { "content-type": "application/json; charset=utf-8", ...headers }, body);
}

/**
 * The whole answer with its Content-Length. writeHead fixes the headers before the body is known to node:http, which
 * then falls back to chunked encoding: a length prefix and a terminating chunk to write, and for the client to parse,
 * on every response.
 */
function writeResponse(
  res: ServerResponse,
  status: number,
  statusText: string | undefined,
  headers: Record<string, string> | undefined,
  body: string | null,
): void {
  const length = body === null ? 0 : Buffer.byteLength(body);
  const withLength = { ...headers, "content-length": String(length) };
  if (statusText === undefined) res.writeHead(status, withLength);
  else res.writeHead(status, statusText, withLength);
  res.end(body ?? undefined);
}
