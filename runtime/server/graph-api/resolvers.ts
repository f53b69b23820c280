// The resolvers of the API: queries read the kernel synchronously; mutations apply, wait for durability, publish
// to subscribers, then answer (docs/adr/0101-server-transport-and-acknowledgement.md).
import type { GraphQLFieldResolver } from "graphql";
import type { DomainSpec } from "../../domain/spec.js";
import { KernelError, invalidInput } from "../../errors/index.js";
import type { Kernel, Meta } from "../../kernel/index.js";
import type { RewriteOp } from "../../rewrite/index.js";
import { isSwsId } from "../../sws/view.js";
import { stampPrincipal } from "../auth/authorizer.js";
import { apiError } from "../errors/index.js";
import type { ApiServices, RequestContext } from "./context.js";
import { compileEdgeFilter, compileNodeFilter } from "./filters.js";
import { isJsonObject, toPlain } from "./json.js";
import { RewriteObject, edgeObject, nodeObject, receiptObject, swsObject } from "./objects.js";
import type { SwsObject } from "./objects.js";
import { pageSizeOf, recordPage } from "./pages.js";
import type { PageArgs } from "./pages.js";
import { viewNameOf, viewObjectOf } from "./views.js";
import type { ViewInputValue } from "./views.js";

type Args = { readonly [name: string]: unknown };
export type Resolver = GraphQLFieldResolver<unknown, RequestContext, Args>;

/** Caller meta (a JSON object or nothing) with the principal stamped in. */
function metaOf(raw: unknown, context: RequestContext, path = "meta"): Meta | undefined {
  if (raw === undefined || raw === null) {
    return stampPrincipal(undefined, context.principal) as Meta | undefined;
  }
  if (!isJsonObject(raw)) throw invalidInput(path, "expected a JSON object of caller data (who, why, correlation ids)");
  return stampPrincipal(toPlain(raw) as { [key: string]: unknown }, context.principal) as Meta;
}

export class ApiResolvers {
  private readonly kernel: Kernel;

  constructor(
    private readonly services: ApiServices,
    private readonly domain: DomainSpec,
  ) {
    this.kernel = services.host.kernel;
  }

  /** Waits until history up to `idx` is durable, hands it to subscribers, then gives the answer. */
  private async acknowledged<T>(idx: number, answer: T): Promise<T> {
    await this.services.host.acknowledge(idx);
    this.services.feed.publishUpTo(idx);
    return answer;
  }

  /**
   * Runs a command. A refusal that the kernel recorded in history (a policy denial) is still history: the error
   * goes out only once that entry is durable and published, like any acknowledged entry.
   */
  private recorded<T>(command: () => T): T | Promise<never> {
    const before = this.kernel.nextIdx;
    try {
      return command();
    } catch (error) {
      const after = this.kernel.nextIdx;
      if (after === before) throw error;
      return this.acknowledged(after - 1, null).then(() => Promise.reject(error));
    }
  }

  // ---- queries -----------------------------------------------------------------------------------------------

  query(): { readonly [field: string]: Resolver } {
    const { kernel, services, domain } = this;
    const pageSizeMax = services.limits.pageSizeMax;
    return {
      kernelInfo: () => ({
        version: services.version,
        schemaHash: domain.schemaHash,
        registryHash: domain.registryHash,
        registryName: domain.registryName,
        generatorVersion: domain.generatorVersion,
        policyId: services.auth.policyId,
        durable: services.host.durable,
        nextIdx: kernel.nextIdx,
        limits: services.limits,
      }),
      sws: (_source, args) => this.swsById(args["id"] as string, "id"),
      listSws: (_source, args) => {
        const page = args["page"] as PageArgs<string> | null | undefined;
        const limit = pageSizeOf(page?.first, pageSizeMax, "page");
        const after = page?.after ?? null;
        if (after !== null && !isSwsId(after)) throw invalidInput("page.after", `expected an overlay id from the previous page's endCursor, got ${JSON.stringify(after)}`);
        const all = kernel.listSws().filter((info) => after === null || BigInt(info.id) > BigInt(after));
        const items = all.slice(0, limit).map(swsObject);
        return { items, pageInfo: { hasNextPage: all.length > limit, endCursor: items[items.length - 1]?.id ?? null } };
      },
      graph: (_source, args) => {
        const view = this.readableView(args["view"] as ViewInputValue);
        const info = kernel.graph(view);
        const nodeFilter = compileNodeFilter(domain, args["nodeFilter"] as never);
        const edgeFilter = compileEdgeFilter(domain, args["edgeFilter"] as never);
        return {
          view: viewObjectOf(info.view),
          digest: info.digest,
          snapshotId: info.snapshotId,
          nodeCount: info.nodeCount,
          edgeCount: info.edgeCount,
          // Functions: computed only when selected, still within this synchronous query.
          nodes: () =>
            recordPage(
              { scan: (after, first) => kernel.nodes(view, { first, after }), lookup: (id) => kernel.node(view, id) },
              nodeFilter,
              args["nodesPage"] as PageArgs<string> | null,
              pageSizeMax,
              "nodesPage",
              (node) => nodeObject(view, node),
            ),
          edges: () =>
            recordPage(
              { scan: (after, first) => kernel.edges(view, { first, after }), lookup: (id) => kernel.edge(view, id) },
              edgeFilter,
              args["edgesPage"] as PageArgs<string> | null,
              pageSizeMax,
              "edgesPage",
              (edge) => edgeObject(kernel, view, edge),
            ),
        };
      },
      node: (_source, args) => {
        const view = this.readableView(args["view"] as ViewInputValue);
        const node = kernel.node(view, args["id"] as string);
        return node === null ? null : nodeObject(view, node);
      },
      edge: (_source, args) => {
        const view = this.readableView(args["view"] as ViewInputValue);
        const edge = kernel.edge(view, args["id"] as string);
        return edge === null ? null : edgeObject(kernel, view, edge);
      },
      rewrites: (_source, args) => {
        const viewInput = args["view"] as ViewInputValue | null | undefined;
        const view = viewInput === undefined || viewInput === null ? undefined : this.knownView(viewInput);
        const page = args["page"] as PageArgs<number> | null | undefined;
        const first = pageSizeOf(page?.first, pageSizeMax, "page");
        const after = page?.after ?? null;
        if (after !== null && after < 0) throw invalidInput("page.after", `expected the idx of the last entry of the previous page (>= 0), got ${after}`);
        const result = kernel.rewrites({ first, after, ...(view !== undefined && { view }) });
        return { items: result.items.map((entry) => new RewriteObject(entry)), pageInfo: result.pageInfo };
      },
    };
  }

  /** `x(view, id)`: the record of kind `kind` with this id, or null (also when the id is a record of another kind). */
  lookup(kind: string): Resolver {
    const kernel = this.kernel;
    const isEdge = this.domain.edges.some((edge) => edge.name === kind);
    return (_source, args) => {
      const view = this.readableView(args["view"] as ViewInputValue);
      const id = args["id"] as string;
      if (isEdge) {
        const edge = kernel.edge(view, id);
        return edge === null || edge.kind !== kind ? null : edgeObject(kernel, view, edge);
      }
      const node = kernel.node(view, id);
      return node === null || node.kind !== kind ? null : nodeObject(view, node);
    };
  }

  /** A view whose graph can be read now: the system view, or an open overlay (NOT_FOUND otherwise, from the kernel). */
  private readableView(input: ViewInputValue): string {
    return viewNameOf(input);
  }

  /** A view that exists or existed: history of discarded overlays stays readable; ids never assigned are NOT_FOUND. */
  private knownView(input: ViewInputValue): string {
    const view = viewNameOf(input);
    if (view !== "system") this.swsById(view.slice("sws:".length), "view.swsId");
    return view;
  }

  private swsById(id: string, path: string): SwsObject {
    if (!isSwsId(id)) throw invalidInput(path, `${JSON.stringify(id)} is not an overlay id; ids are decimal strings ("0", "17")`);
    const info = this.kernel.listSws().find((candidate) => candidate.id === id);
    if (info === undefined) {
      const count = this.kernel.listSws().length;
      throw new KernelError(
        "NOT_FOUND",
        count === 0
          ? `no overlay ${id}: none has been created yet; create one with the createSws mutation`
          : `no overlay ${id}; createSws has assigned ids 0..${count - 1}`,
      );
    }
    return swsObject(info);
  }

  // ---- mutations ---------------------------------------------------------------------------------------------

  mutation(): { readonly [field: string]: Resolver } {
    const { kernel, services } = this;
    const resolvers: { [field: string]: Resolver } = {
      createSws: (_source, args, context) => {
        services.auth.authorizeLifecycle(context.principal, "createSws");
        const id = kernel.createSws(metaOf(args["meta"], context));
        const idx = kernel.nextIdx - 1;
        const receipt = kernel.rewrites({ after: idx === 0 ? null : idx - 1, first: 1 }).items[0]!.receipt;
        return this.acknowledged(idx, { sws: this.swsById(id, "id"), receipt: receiptObject(receipt, idx) });
      },
      discardSws: (_source, args, context) => {
        services.auth.authorizeLifecycle(context.principal, "discardSws");
        const id = this.overlayId(args["id"] as string);
        const { idx, receipt } = kernel.discardSws(id, metaOf(args["meta"], context));
        return this.acknowledged(idx, { sws: this.swsById(id, "id"), receipt: receiptObject(receipt, idx) });
      },
      collapseSws: (_source, args, context) => {
        services.auth.authorizeLifecycle(context.principal, "collapseSws");
        const id = this.overlayId(args["id"] as string);
        const result = kernel.collapse(id, metaOf(args["meta"], context));
        const receipt = result.receipt;
        return this.acknowledged(result.idx, {
          committed: result.committed,
          code: result.committed ? null : result.code,
          message: result.committed ? null : result.message,
          sws: this.swsById(id, "id"),
          receipt: receiptObject(receipt, result.idx),
          baseDigest: receipt.baseDigest,
          overlayDigest: receipt.overlayDigest,
          rewritesMerged: receipt.rewritesMerged,
          opsMerged: receipt.opsMerged,
          conflictCount: result.committed ? 0 : result.conflictCount,
          conflicts: result.committed ? [] : result.conflicts,
        });
      },
      applyRewrite: (_source, args, context) => {
        const view = writableView(args["view"] as ViewInputValue);
        const rewrite = args["rewrite"] as { readonly ops: readonly unknown[]; readonly meta?: unknown };
        const ops = toPlain(rewrite.ops) as unknown[];
        const result = this.recorded(() => kernel.apply(view, ops as RewriteOp[], metaOf(rewrite.meta, context, "rewrite.meta")));
        if (result instanceof Promise) return result;
        return this.acknowledged(result.idx, {
          accepted: true,
          receipt: receiptObject(result.receipt, result.idx),
          createdIds: result.created.map((record) => record.id),
        });
      },
      applyOps: (_source, args, context) => {
        const view = writableView(args["view"] as ViewInputValue);
        const ops = (args["ops"] as readonly { readonly [verb: string]: unknown }[]).map((one, index) => {
          const entries = Object.entries(one).filter(([, input]) => input !== undefined && input !== null);
          if (entries.length !== 1) throw invalidInput(`ops.${index}`, "name exactly one verb, e.g. {createTask: {...}}");
          const [verb, input] = entries[0]!;
          return { op: verb, input: toPlain(input) };
        });
        const result = this.recorded(() => kernel.apply(view, ops as RewriteOp[], metaOf(args["meta"], context)));
        if (result instanceof Promise) return result;
        return this.acknowledged(result.idx, {
          receipt: receiptObject(result.receipt, result.idx),
          createdIds: result.created.map((record) => record.id),
        });
      },
    };
    for (const op of this.domain.ops) resolvers[op.name] = this.verbResolver(op);
    return resolvers;
  }

  /** `X(view, input, meta)`: one typed op as one rewrite; answers with the receipt and the record as the op left it. */
  private verbResolver(op: DomainSpec["ops"][number]): Resolver {
    const { kernel } = this;
    return (_source, args, context) => {
      const view = writableView(args["view"] as ViewInputValue);
      const input = toPlain(args["input"]) as { readonly [field: string]: unknown };
      const result = this.recorded(() => kernel.apply(view, [{ op: op.name, input }] as RewriteOp[], metaOf(args["meta"], context)));
      if (result instanceof Promise) return result;
      let record: unknown = null;
      if (op.effect !== "deletes") {
        const id = op.effect === "creates" ? result.created[0]?.id : (input[op.idField ?? ""] as string | undefined);
        if (id !== undefined) {
          if (op.targetIsEdge) {
            const edge = kernel.edge(view, id);
            record = edge === null ? null : edgeObject(kernel, view, edge);
          } else {
            const node = kernel.node(view, id);
            record = node === null ? null : nodeObject(view, node);
          }
        }
      }
      return this.acknowledged(result.idx, { receipt: receiptObject(result.receipt, result.idx), record });
    };
  }

  private overlayId(id: string): string {
    if (!isSwsId(id)) throw invalidInput("id", `${JSON.stringify(id)} is not an overlay id; ids are decimal strings ("0", "17")`);
    return id;
  }

  // ---- subscription ------------------------------------------------------------------------------------------

  readonly subscribeRewrites = (_source: unknown, args: Args): AsyncIterableIterator<RewriteObject> => {
    const view = this.knownView(args["view"] as ViewInputValue);
    const after = (args["after"] as number | null | undefined) ?? null;
    if (after !== null && after < -1) throw invalidInput("after", `expected an idx >= 0 (or -1 for the whole history), got ${after}`);
    return this.services.feed.subscribe(view, after);
  };
}

/** An overlay's view name; the system view is FORBIDDEN (it changes only by collapse). */
function writableView(input: ViewInputValue): string {
  const view = viewNameOf(input);
  if (view === "system") {
    throw apiError(
      "FORBIDDEN",
      "the system view changes only by collapsing an overlay: open one with createSws, apply to " +
        '{kind: SWS, swsId: "<id>"}, then collapseSws(id)',
    );
  }
  return view;
}
