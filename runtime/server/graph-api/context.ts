// What resolvers share: the kernel, the live feed, the limits, and per request who is asking.
import type { DomainSpec } from "../../domain/spec.js";
import type { RewriteFeed } from "../events/rewrite-feed.js";
import type { KernelHost } from "../kernel-host/kernel-host.js";
import type { ServerLimits } from "../config/limits.js";
import type { Authorizer, RequestPrincipal } from "../auth/authorizer.js";

export interface ApiServices {
  readonly host: KernelHost;
  /** The generated domain the kernel runs (its hashes must match the API SDL's). */
  readonly domain: DomainSpec;
  readonly feed: RewriteFeed;
  readonly limits: ServerLimits;
  /** jitosd's version (KernelInfo.version). */
  readonly version: string;
  readonly auth: Authorizer;
  /** "Type.field" coordinates the kernel's folds derive (FoldRegistration.derives, all folds). */
  readonly derivedFields: readonly string[];
}

/** graphql-js contextValue of one operation. */
export type RequestContext = {
  /** Who sent the request; null when the daemon runs without --auth. */
  readonly principal: RequestPrincipal | null;
};
