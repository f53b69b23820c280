// A running jitosd: the kernel, the API schema, HTTP and WebSocket transports on one node:http server, and the
// shutdown that stops accepting, lets in-flight requests finish, ends subscriptions and flushes the log.
import { createServer } from "node:http";
import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DomainSpec } from "../domain/spec.js";
import type { FoldRegistration } from "../fold/index.js";
import type { PolicyEngine } from "../policy/index.js";
import { ValidatedDocuments } from "./admission/admit.js";
import type { Gate } from "./admission/admit.js";
import { PersistedOperations } from "./admission/persisted-operations.js";
import { open_access } from "./auth/authorizer.js";
import type { Authorizer } from "./auth/authorizer.js";
import { headers_timeout_ms, request_timeout_ms, shutdown_grace_ms_default } from "./config/limits.js";
import type { ServerLimits } from "./config/limits.js";
import { apiError } from "./errors/index.js";
import type { ErrorLog } from "./errors/index.js";
import { RewriteFeed } from "./events/rewrite-feed.js";
import { OperationExecutor } from "./execution/compiled-operations.js";
import { buildApiSchema } from "./graph-api/schema.js";
import { openKernelHost } from "./kernel-host/kernel-host.js";
import type { KernelHost, KernelHostOptions } from "./kernel-host/kernel-host.js";
import { createHttpTransport, graphql_path, sendErrors } from "./transport/http-transport.js";
import { createWsTransport } from "./transport/ws-transport.js";
import type { WsTransport } from "./transport/ws-transport.js";
import { server_version } from "./version.js";

export interface JitosServerOptions {
  readonly domain: DomainSpec;
  /** null: an in-memory kernel (nothing survives the process). */
  readonly dataDir: string | null;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly limits: ServerLimits;
  /** A persisted-operations.json: only its operations run. */
  readonly persistedOperationsFile?: string | null;
  readonly auth?: Authorizer;
  /** The kernel's policy (with --auth); denials are recorded in history. */
  readonly policy?: PolicyEngine;
  /** Folds deriving the record types' derived fields (generated/bindings.ts). */
  readonly folds?: readonly FoldRegistration[];
  readonly fsync?: KernelHostOptions["fsync"];
  /** Unexpected errors and warnings; stderr by default. */
  readonly log?: ErrorLog;
}

export class JitosServer {
  private inFlight = 0;
  private draining = false;
  private drained: (() => void) | null = null;
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly host: KernelHost,
    readonly feed: RewriteFeed,
    private readonly http: Server,
    private readonly ws: WsTransport,
    readonly url: string,
    readonly persisted: PersistedOperations | null,
  ) {}

  static async start(options: JitosServerOptions): Promise<JitosServer> {
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    const persisted = options.persistedOperationsFile ? PersistedOperations.load(options.persistedOperationsFile) : null;
    const auth = options.auth ?? open_access;
    const host = await openKernelHost({
      domain: options.domain,
      dataDir: options.dataDir,
      onWarning: (message) => log(`jitosd: warning: ${message}`),
      ...(options.fsync !== undefined && { fsync: options.fsync }),
      ...(options.folds !== undefined && { folds: options.folds }),
      ...(options.policy !== undefined && { policy: options.policy }),
    });
    try {
      const feed = new RewriteFeed(host.kernel);
      const derivedFields = (options.folds ?? []).flatMap((fold) => fold.derives);
      const schema = buildApiSchema({ host, domain: options.domain, feed, limits: options.limits, version: server_version, auth, derivedFields });
      const gate: Gate = { schema, limits: options.limits, persisted, documents: new ValidatedDocuments() };
      const executor = new OperationExecutor(schema);
      const handle = createHttpTransport({ gate, auth, log, executor });
      let server: JitosServer | null = null;
      const http = createServer((req, res) => {
        if (server === null || server.draining) {
          refuseWhileStopping(res, log);
          return;
        }
        server.track(res);
        handle(req, res).catch((error: unknown) => {
          log(`jitosd: request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          if (!res.headersSent) sendErrors(res, 500, [apiError("INTERNAL", "internal error in jitosd; see its log")], log);
          else res.destroy();
        });
      });
      http.maxConnections = options.limits.connectionsMax;
      http.headersTimeout = headers_timeout_ms;
      http.requestTimeout = request_timeout_ms;
      await listen(http, options.host, options.port);
      // Attached only once listening: the WebSocket server re-emits the HTTP server's errors, and graphql-ws prints
      // a stack for each ("Internal error emitted on the WebSocket server"), which buried the reason a start failed.
      // No connection can arrive before this line runs (the listen callback and this continuation come first).
      const ws = createWsTransport(http, { gate, auth, log, executor });
      const address = http.address() as AddressInfo;
      const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
      server = new JitosServer(host, feed, http, ws, `http://${hostText}:${address.port}${graphql_path}`, persisted);
      return server;
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  private track(res: ServerResponse): void {
    this.inFlight += 1;
    res.once("close", () => {
      this.inFlight -= 1;
      if (this.inFlight === 0 && this.drained !== null) this.drained();
    });
  }

  /**
   * Graceful stop: refuse new connections and requests, let requests in flight finish (up to `graceMs`, then their
   * connections are closed), complete every subscription, then flush the log and release the data directory.
   */
  stop(graceMs: number = shutdown_grace_ms_default): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        const timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
    }
    this.feed.closeAll();
    await this.ws.dispose();
    this.http.closeAllConnections();
    await closed;
    await this.host.close();
  }
}

function refuseWhileStopping(res: ServerResponse, log: ErrorLog): void {
  sendErrors(res, 503, [apiError("INTERNAL", "jitosd is shutting down and takes no new requests; retry against the restarted daemon")], log, {
    connection: "close",
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** Why the daemon cannot listen, with what to do: the usual causes get a sentence, others keep node's message. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (error.code) {
    case "EADDRINUSE":
      return new Error(`${where} is already in use (another jitosd?); stop that process, or choose another --port (--port 0 picks a free one)`);
    case "EACCES":
      return new Error(`not allowed to listen on ${where} (ports below 1024 need privileges); choose another --port`);
    case "EADDRNOTAVAIL":
      return new Error(`--host ${host} is not an address of this machine; use e.g. 127.0.0.1, or 0.0.0.0 for every interface`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new Error(`--host ${host} does not resolve to an address (${error.code}); use e.g. 127.0.0.1, or 0.0.0.0 for every interface`);
    default:
      return error;
  }
}
