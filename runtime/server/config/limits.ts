// Every request jitosd accepts is bounded (TigerBeetle style): each limit has a named default with its unit, a
// command-line flag to change it, and a clear error naming the limit when a request goes over it (docs/server.md).
import { page_size_max } from "../../kernel/limits.js";

/** Largest HTTP request body, and largest WebSocket message, in bytes. */
export const body_bytes_max_default = 1024 * 1024;

/** Deepest field nesting of one operation (introspection fields excluded). */
export const query_depth_max_default = 12;

/** Highest estimated cost of one operation: each field 1, a page's items multiplied by the page size asked for. */
export const query_cost_max_default = 50_000;

/** Largest page any list returns; cannot exceed the kernel's own page_size_max. */
export const page_size_max_default = page_size_max;

/** Subscriptions one WebSocket connection may hold at once. */
export const subscriptions_per_connection_max_default = 32;

/** Events waiting for one slow subscriber before the server ends that subscription (it resubscribes with `after`). */
export const subscriber_queue_events_max = 10_000;

/** Records a filtered graph page examines before it returns what it found with hasNextPage (bounded work). */
export const filter_scan_records_max = 100_000;

/** Values in one filter list (ids, kinds, in). */
export const filter_values_max = 1000;

/** Open TCP connections (HTTP and WebSocket together). */
export const connections_max_default = 1024;

/** How long SIGTERM waits for in-flight requests before closing their connections, in milliseconds. */
export const shutdown_grace_ms_default = 10_000;

/**
 * At shutdown, how long ended subscriptions may take to send their `complete` messages before WebSockets are closed
 * (one event-loop turn each is normal; the bound only stops a stuck socket from delaying the exit).
 */
export const subscriptions_complete_wait_ms = 1_000;

/** Headers arriving slower than this, in milliseconds, end the connection (slowloris). */
export const headers_timeout_ms = 10_000;

/** A request body arriving slower than this, in milliseconds, ends the request. */
export const request_timeout_ms = 30_000;

export interface ServerLimits {
  readonly bodyBytesMax: number;
  readonly queryDepthMax: number;
  readonly queryCostMax: number;
  readonly pageSizeMax: number;
  readonly subscriptionsPerConnectionMax: number;
  readonly connectionsMax: number;
}

export const default_limits: ServerLimits = Object.freeze({
  bodyBytesMax: body_bytes_max_default,
  queryDepthMax: query_depth_max_default,
  queryCostMax: query_cost_max_default,
  pageSizeMax: page_size_max_default,
  subscriptionsPerConnectionMax: subscriptions_per_connection_max_default,
  connectionsMax: connections_max_default,
});

/** Bounds for each limit a user may set: a limit of 0 or one past what the layers below allow is a mistake. */
export const limit_ranges: { readonly [K in keyof ServerLimits]: readonly [min: number, max: number] } = {
  bodyBytesMax: [1024, 64 * 1024 * 1024],
  queryDepthMax: [2, 1000],
  queryCostMax: [10, 100_000_000],
  pageSizeMax: [1, page_size_max],
  subscriptionsPerConnectionMax: [1, 100_000],
  connectionsMax: [1, 1_000_000],
};
