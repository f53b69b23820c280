/**
 * The fixed part of the generated client.ts: an HTTP (POST, JSON) transport and a graphql-transport-ws client, with
 * no dependency and no reference to DOM or Node types (generated code type-checks with `lib: ES2023` only), so it
 * runs on Node 20 (global fetch; a WebSocket implementation such as `ws` injected) and in browsers alike.
 * It is stored as text because it is emitted, and type-checked by the tests that compile the emitted output.
 * Backticks are avoided inside so this can stay a plain template literal.
 */
export const CLIENT_RUNTIME = `
/** Longest response body or WebSocket message accepted, in UTF-16 code units (a runaway server cannot exhaust memory). */
export const RESPONSE_CHARS_MAX = 64 * 1024 * 1024;
/** Events a subscription buffers for a consumer that reads slower than the server sends; beyond it the subscription fails. */
export const SUBSCRIPTION_BUFFER_EVENTS_MAX = 1_000;
/** How long the server may take to answer connection_init with connection_ack. */
export const CONNECTION_ACK_TIMEOUT_MS_DEFAULT = 10_000;
/** The WebSocket subprotocol of graphql-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md). */
export const GRAPHQL_TRANSPORT_WS_PROTOCOL = "graphql-transport-ws";

/** The subset of the fetch API the client uses; the global fetch of Node 18+ and browsers fits it. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ readonly ok: boolean; readonly status: number; readonly statusText: string; text(): Promise<string> }>;

/** A WebSocket class: globalThis.WebSocket, or the \`ws\` package's WebSocket on Node 20. */
export type WebSocketConstructor = new (url: string, protocol: string) => object;

export type HeadersInput = Readonly<Record<string, string>>;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. "http://127.0.0.1:8080/graphql". */
  readonly url: string;
  /** Subscriptions endpoint; defaults to \`url\` with http(s) replaced by ws(s). */
  readonly wsUrl?: string;
  /** Defaults to globalThis.fetch. */
  readonly fetch?: FetchLike;
  /** Defaults to globalThis.WebSocket (absent on Node 20: pass \`WebSocket\` from the \`ws\` package). */
  readonly webSocketImpl?: WebSocketConstructor;
  /** Extra HTTP headers, or a function returning them per request (e.g. a fresh token). */
  readonly headers?: HeadersInput | (() => HeadersInput | Promise<HeadersInput>);
  /** The payload of connection_init (graphql-ws servers read it in onConnect, e.g. for authentication). */
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly connectionAckTimeoutMs?: number;
}

/** One error as the GraphQL response carries it. */
export interface GraphQLErrorPayload {
  readonly message: string;
  readonly locations?: readonly { readonly line: number; readonly column: number }[];
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/**
 * Codes a GraphQLClientError carries: the server's \`extensions.code\` when it sent one (for jitosd: INVALID_INPUT,
 * NOT_FOUND, NOT_IMPLEMENTED, CONFLICT, FORBIDDEN, INTERNAL), GRAPHQL_ERROR when it sent none, or a transport
 * failure found by the client itself.
 */
export type ClientErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "NOT_IMPLEMENTED"
  | "CONFLICT"
  | "FORBIDDEN"
  | "INTERNAL"
  | "GRAPHQL_ERROR"
  | "HTTP_ERROR"
  | "NETWORK_ERROR"
  | "BAD_RESPONSE"
  | "CONNECTION_CLOSED"
  | "SUBSCRIPTION_OVERFLOW"
  | (string & {});

export class GraphQLClientError extends Error {
  /** \`extensions.code\` of the first error, or the client's own code for transport failures. */
  readonly code: ClientErrorCode;
  /** Every error of the response (empty for transport failures). */
  readonly errors: readonly GraphQLErrorPayload[];
  /** \`data\` when the server returned partial data next to the errors. */
  readonly data: unknown;
  /** The HTTP status, when the error came from an HTTP response. */
  readonly status: number | undefined;

  constructor(code: ClientErrorCode, message: string, details: { errors?: readonly GraphQLErrorPayload[]; data?: unknown; status?: number } = {}) {
    super(message);
    this.name = "GraphQLClientError";
    this.code = code;
    this.errors = details.errors ?? [];
    this.data = details.data;
    this.status = details.status;
  }

  static fromErrors(errors: readonly GraphQLErrorPayload[], data?: unknown, status?: number): GraphQLClientError {
    const first = errors[0];
    const code = typeof first?.extensions?.code === "string" ? first.extensions.code : "GRAPHQL_ERROR";
    const more = errors.length > 1 ? " (and " + String(errors.length - 1) + " more)" : "";
    const message = (first?.message ?? "the server returned an empty error list") + more;
    return new GraphQLClientError(code, message, { errors, data, ...(status === undefined ? {} : { status }) });
  }
}

/** What the client needs of an operation (documents.ts defines one per operation). */
export interface OperationRequest<Result, Variables> {
  readonly name: string;
  readonly kind: "query" | "mutation" | "subscription";
  /** The exact text sent, identical to the persisted-operations manifest entry. */
  readonly source: string;
  /** BLAKE3 of \`source\`: the persisted operation id. */
  readonly id: string;
  /** Phantom: carries the types only. */
  readonly __apiType?: (variables: Variables) => Result;
}

/** An active subscription: an async iterator of results; \`return()\` (or \`break\` in for-await) unsubscribes. */
export interface Subscription<Result> extends AsyncIterableIterator<Result> {
  next(): Promise<IteratorResult<Result, undefined>>;
  return(): Promise<IteratorResult<Result, undefined>>;
  [Symbol.asyncIterator](): Subscription<Result>;
}

export interface ClientCore {
  /** Runs a query or mutation over HTTP POST; resolves to \`data\`, or rejects with a GraphQLClientError. */
  execute<Result, Variables>(operation: OperationRequest<Result, Variables>, variables: Variables, headers?: HeadersInput): Promise<Result>;
  /** Starts a subscription over graphql-transport-ws when first read. */
  subscribe<Result, Variables>(operation: OperationRequest<Result, Variables>, variables: Variables): Subscription<Result>;
  /** Ends every subscription (their iterators finish) and closes the WebSocket. HTTP requests in flight complete. */
  close(): void;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The members of a WebSocket the client uses; both browser WebSockets and the \`ws\` package have them. */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
}

const SOCKET_OPEN = 1;
const timers = globalThis as unknown as Timers;

export function createClientCore(options: ClientOptions): ClientCore {
  const sockets = createSocketTransport(options);
  return {
    execute: (operation, variables, headers) => executeOverHttp(options, operation, variables, headers),
    subscribe: (operation, variables) => sockets.subscribe(operation, variables),
    close: () => sockets.close(),
  };
}

async function executeOverHttp<Result, Variables>(
  options: ClientOptions,
  operation: OperationRequest<Result, Variables>,
  variables: Variables,
  extraHeaders: HeadersInput | undefined,
): Promise<Result> {
  const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (fetchImpl === undefined) {
    throw new GraphQLClientError("NETWORK_ERROR", "No fetch implementation: pass createClient({ fetch }) on runtimes without a global fetch.");
  }
  const configured = typeof options.headers === "function" ? await options.headers() : (options.headers ?? {});
  const headers = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
    ...configured,
    ...extraHeaders,
  };
  const body = JSON.stringify({
    query: operation.source,
    operationName: operation.name,
    variables,
    extensions: { documentId: operation.id },
  });
  let response: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    response = await fetchImpl(options.url, { method: "POST", headers, body });
    text = await response.text();
  } catch (error) {
    throw new GraphQLClientError("NETWORK_ERROR", "Request to " + options.url + " failed: " + describe(error));
  }
  const status = response.status;
  const parsed = parseResponse(text);
  if (parsed !== undefined && parsed.errors !== undefined && parsed.errors.length > 0) {
    throw GraphQLClientError.fromErrors(parsed.errors, parsed.data ?? undefined, status);
  }
  if (!response.ok) {
    const message = "HTTP " + String(status) + " " + response.statusText + " from " + options.url;
    throw new GraphQLClientError("HTTP_ERROR", message, { status });
  }
  if (parsed === undefined || parsed.data === undefined || parsed.data === null) {
    throw new GraphQLClientError("BAD_RESPONSE", "The response from " + options.url + " is not a GraphQL result with data.", { status });
  }
  return parsed.data as Result;
}

interface ResponseBody {
  readonly data?: unknown;
  readonly errors?: readonly GraphQLErrorPayload[];
}

function parseResponse(text: string): ResponseBody | undefined {
  if (text.length > RESPONSE_CHARS_MAX) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const body = value as { data?: unknown; errors?: unknown };
    if (body.errors !== undefined && !Array.isArray(body.errors)) return undefined;
    return body as ResponseBody;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Sink {
  push(payload: unknown): void;
  fail(error: GraphQLClientError): void;
  end(): void;
}

interface Connection {
  readonly socket: SocketLike;
  readonly acknowledged: Promise<void>;
  readonly sinks: Map<string, Sink>;
}

/** The client side of graphql-transport-ws: one lazy connection shared by every subscription of the client. */
function createSocketTransport(options: ClientOptions) {
  let connection: Connection | undefined;
  let nextId = 0;

  function connect(): Connection {
    if (connection !== undefined) return connection;
    const Impl = options.webSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (Impl === undefined) {
      throw new GraphQLClientError(
        "CONNECTION_CLOSED",
        "No WebSocket implementation: on Node 20 pass createClient({ webSocketImpl: WebSocket }) with WebSocket from the ws package.",
      );
    }
    const url = options.wsUrl ?? options.url.replace(/^http/, "ws");
    const socket = new Impl(url, GRAPHQL_TRANSPORT_WS_PROTOCOL) as SocketLike;
    const sinks = new Map<string, Sink>();
    let acknowledge: () => void = () => {};
    let refuse: (error: GraphQLClientError) => void = () => {};
    const acknowledged = new Promise<void>((resolve, reject) => {
      acknowledge = resolve;
      refuse = reject;
    });
    acknowledged.catch(() => {}); // observed through each subscription; never an unhandled rejection
    const ackTimeoutMs = options.connectionAckTimeoutMs ?? CONNECTION_ACK_TIMEOUT_MS_DEFAULT;
    const ackTimer = timers.setTimeout(() => {
      socket.close(4408, "Connection acknowledgement timeout");
    }, ackTimeoutMs);
    const current: Connection = { socket, acknowledged, sinks };
    connection = current;

    const send = (message: object): void => {
      if (socket.readyState === SOCKET_OPEN) socket.send(JSON.stringify(message));
    };
    socket.onopen = () => {
      send({ type: "connection_init", ...(options.connectionParams === undefined ? {} : { payload: options.connectionParams }) });
    };
    socket.onerror = () => {
      // A close event always follows; the sinks are failed there with the close code and reason.
    };
    socket.onclose = (event) => {
      timers.clearTimeout(ackTimer);
      if (connection === current) connection = undefined;
      const reason = event.reason === "" ? "" : ": " + event.reason;
      const error = new GraphQLClientError("CONNECTION_CLOSED", "The subscription connection closed (code " + String(event.code) + reason + ").");
      refuse(error);
      for (const sink of [...sinks.values()]) sink.fail(error);
    };
    socket.onmessage = (event) => {
      const text = typeof event.data === "string" ? event.data : String(event.data);
      const message = text.length > RESPONSE_CHARS_MAX ? undefined : parseMessage(text);
      if (message === undefined) {
        socket.close(4400, "Invalid message received");
        return;
      }
      const sink = message.id === undefined ? undefined : sinks.get(message.id);
      switch (message.type) {
        case "connection_ack":
          timers.clearTimeout(ackTimer);
          acknowledge();
          return;
        case "ping":
          send({ type: "pong" });
          return;
        case "pong":
          return;
        case "next": {
          const result = message.payload as ResponseBody | undefined;
          if (result?.errors !== undefined && result.errors.length > 0) {
            // An event with errors ends the subscription: tell the server, then the reader.
            send({ id: message.id, type: "complete" });
            sink?.fail(GraphQLClientError.fromErrors(result.errors, result.data ?? undefined));
          } else {
            sink?.push(result?.data);
          }
          return;
        }
        case "error":
          sink?.fail(GraphQLClientError.fromErrors(Array.isArray(message.payload) ? (message.payload as GraphQLErrorPayload[]) : []));
          return;
        case "complete":
          sink?.end();
          return;
        default:
          socket.close(4400, "Unexpected message type");
      }
    };
    return current;
  }

  /** Called whenever a subscription ends: the connection is lazy, so it closes when nothing uses it. */
  function release(owner: Connection, id: string): void {
    owner.sinks.delete(id);
    if (owner.sinks.size === 0 && connection === owner) {
      connection = undefined;
      owner.socket.close(1000, "Normal Closure");
    }
  }

  function subscribe<Result, Variables>(operation: OperationRequest<Result, Variables>, variables: Variables): Subscription<Result> {
    nextId += 1;
    const id = String(nextId);
    const buffered: Result[] = [];
    let waiting: { resolve: (result: IteratorResult<Result, undefined>) => void; reject: (error: unknown) => void } | undefined;
    /** How the stream ended: by the server (complete), by an error not yet thrown to the reader, or by return(). */
    let ending: "complete" | "returned" | GraphQLClientError | undefined;
    let owner: Connection | undefined;
    let started: Promise<void> | undefined;
    const done: IteratorResult<Result, undefined> = { done: true, value: undefined };

    const stop = (how: "complete" | "returned" | GraphQLClientError, tellServer: boolean): void => {
      ending = how;
      if (owner !== undefined) {
        if (tellServer && owner.socket.readyState === SOCKET_OPEN) owner.socket.send(JSON.stringify({ id, type: "complete" }));
        release(owner, id);
      }
      const reader = waiting;
      waiting = undefined;
      if (reader === undefined) return;
      if (how instanceof GraphQLClientError) {
        ending = "complete"; // the error is delivered now, exactly once
        reader.reject(how);
      } else reader.resolve(done);
    };
    const sink: Sink = {
      push(payload) {
        if (ending !== undefined) return;
        const reader = waiting;
        waiting = undefined;
        if (reader !== undefined) reader.resolve({ done: false, value: payload as Result });
        else if (buffered.length < SUBSCRIPTION_BUFFER_EVENTS_MAX) buffered.push(payload as Result);
        else {
          const message = "More than " + String(SUBSCRIPTION_BUFFER_EVENTS_MAX) + " events were waiting to be read; read the subscription faster.";
          stop(new GraphQLClientError("SUBSCRIPTION_OVERFLOW", message), true);
        }
      },
      fail(error) {
        if (ending === undefined) stop(error, false);
      },
      end() {
        if (ending === undefined) stop("complete", false);
      },
    };

    async function start(): Promise<void> {
      const current = connect();
      owner = current;
      current.sinks.set(id, sink);
      await current.acknowledged;
      if (ending !== undefined || current.socket.readyState !== SOCKET_OPEN) return;
      const payload = { query: operation.source, operationName: operation.name, variables, extensions: { documentId: operation.id } };
      current.socket.send(JSON.stringify({ id, type: "subscribe", payload }));
    }

    const iterator: Subscription<Result> = {
      async next() {
        started ??= start();
        try {
          await started;
        } catch (error) {
          if (ending === undefined) stop("complete", false);
          throw error;
        }
        if (buffered.length > 0) return { done: false, value: buffered.shift() as Result };
        if (ending instanceof GraphQLClientError) {
          const error = ending;
          ending = "complete";
          throw error;
        }
        if (ending !== undefined) return done;
        return new Promise<IteratorResult<Result, undefined>>((resolve, reject) => {
          waiting = { resolve, reject };
        });
      },
      async return() {
        buffered.length = 0;
        if (ending === undefined) stop("returned", true);
        else ending = "returned";
        return done;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  function close(): void {
    const current = connection;
    if (current === undefined) return;
    connection = undefined;
    for (const sink of [...current.sinks.values()]) sink.end();
    current.sinks.clear();
    current.socket.close(1000, "Normal Closure");
  }

  return { subscribe, close };
}

interface ProtocolMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

function parseMessage(text: string): ProtocolMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return undefined;
    const message = value as { type?: unknown; id?: unknown };
    if (typeof message.type !== "string") return undefined;
    if (message.id !== undefined && typeof message.id !== "string") return undefined;
    return value as ProtocolMessage;
  } catch {
    return undefined;
  }
}
`;
