import type { Command } from "commander";
import type { types } from "../client/index.js";
import type { ServerOptions } from "./common/connection.js";
import type { CommandContext, CommandRegistration } from "./index.js";
import { EXIT_OK } from "./common/exit-codes.js";
import { parsePositiveInteger } from "./common/integer-option.js";
import { runServerCommand, serverCommand, withServerOptions } from "./common/server-command.js";
import { compactJson, renderFields, renderTable } from "./common/table.js";
import { parseView } from "./common/view.js";

/** The largest page `--first` may ask for; jitosd enforces its own pageSizeMax on top (INVALID_INPUT beyond it). */
const GRAPH_PAGE_SIZE_MAX = 10_000;
const GRAPH_PAGE_SIZE_DEFAULT = 50;

interface GraphOptions extends ServerOptions {
  readonly view: string;
  readonly digest?: boolean;
  readonly first?: string;
  readonly nodesAfter?: string;
  readonly edgesAfter?: string;
}

/** `jitosctl graph`: a view's digest, or its digest and a page each of nodes and edges. */
export const registerGraph: CommandRegistration = (program, context) => {
  program.addCommand(withServerOptions(graphCommand(context)));
};

function graphCommand(context: CommandContext): Command {
  return serverCommand(context, "graph", "show a view's digest, or its digest and a page each of its nodes and edges", [
    "jitosctl graph --view system --digest        the system graph's digest alone (64 hex), for scripts",
    "jitosctl graph --view sws:0                  digest, counts and the first 50 nodes and edges of overlay 0",
    "jitosctl graph --view sws:0 --first 10 --nodes-after <id>   the next page of nodes",
    "jitosctl graph --view system --json          the same as JSON",
  ])
    .option("--view <view>", 'the view: "system" or "sws:<id>"', "system")
    .option("--digest", "print only the view's digest (with --json: view, digest, snapshotId and counts)")
    .option("--first <n>", `nodes and edges per page (default ${GRAPH_PAGE_SIZE_DEFAULT})`)
    .option("--nodes-after <id>", "start the node page after this node id (a previous page's cursor)")
    .option("--edges-after <id>", "start the edge page after this edge id (a previous page's cursor)")
    .action((options: GraphOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const view = parseView(options.view);
        if (options.digest === true) {
          const { graph } = await client.graphDigest({ view });
          output.result(graph, () => graph.digest);
          return EXIT_OK;
        }
        const first =
          options.first === undefined
            ? GRAPH_PAGE_SIZE_DEFAULT
            : parsePositiveInteger("--first", options.first, GRAPH_PAGE_SIZE_MAX);
        const { graph } = await client.graph({
          view,
          nodesPage: { first, ...(options.nodesAfter === undefined ? {} : { after: options.nodesAfter }) },
          edgesPage: { first, ...(options.edgesAfter === undefined ? {} : { after: options.edgesAfter }) },
        });
        output.result(graph, () => describeGraph(graph));
        return EXIT_OK;
      }),
    );
}

function describeGraph(graph: types.GraphQuery["graph"]): string {
  const summary = renderFields([
    ["view", graph.view.name],
    ["digest", graph.digest],
    ["nodes", String(graph.nodeCount)],
    ["edges", String(graph.edgeCount)],
  ]);
  const nodes = renderTable(
    ["id", "kind", "attrs"],
    graph.nodes.items.map((node) => [node.id, node.kind, compactJson(node.attrs)]),
  );
  const edges = renderTable(
    ["id", "kind", "from", "to"],
    graph.edges.items.map((edge) => [edge.id, edge.kind, edge.from, edge.to]),
  );
  return [
    summary,
    "",
    `Nodes (${graph.nodes.items.length} of ${graph.nodeCount})`,
    graph.nodes.items.length === 0 ? "(none)" : nodes,
    ...more("nodes", "--nodes-after", graph.nodes.pageInfo),
    "",
    `Edges (${graph.edges.items.length} of ${graph.edgeCount})`,
    graph.edges.items.length === 0 ? "(none)" : edges,
    ...more("edges", "--edges-after", graph.edges.pageInfo),
  ].join("\n");
}

function more(what: string, flag: string, page: { hasNextPage: boolean; endCursor: string | null }): string[] {
  return page.hasNextPage && page.endCursor !== null ? [`more ${what}: ${flag} ${page.endCursor}`] : [];
}
