import type { Command } from "commander";
import type { types } from "../client/index.js";
import type { ServerOptions } from "./common/connection.js";
import type { CommandContext, CommandRegistration } from "./index.js";
import { EXIT_OK, EXIT_SERVER_ERROR } from "./common/exit-codes.js";
import { parsePositiveInteger } from "./common/integer-option.js";
import { metaVariables } from "./common/json-argument.js";
import { commandGroup, runServerCommand, serverCommand, withServerOptions } from "./common/server-command.js";
import { orDash, renderFields, renderTable } from "./common/table.js";
import { parseSwsId } from "./common/view.js";

const SWS_PAGE_SIZE_DEFAULT = 100;
const SWS_PAGE_SIZE_MAX = 10_000;

type SwsFields = types.ListSwsQuery["listSws"]["items"][number];
type Receipt = types.CreateSwsMutation["createSws"]["receipt"];

interface MetaOptions extends ServerOptions {
  readonly meta?: string;
}

/** `jitosctl sws create|list|show|collapse|discard`: the lifecycle of speculative overlays. */
export const registerSws: CommandRegistration = (program, context) => {
  program.addCommand(swsCommand(context));
};

function swsCommand(context: CommandContext): Command {
  const group = commandGroup(context, "sws", "create, list, show, collapse and discard speculative overlays (SWS)");
  group.addCommand(withServerOptions(createCommand(context)));
  group.addCommand(withServerOptions(listCommand(context)));
  group.addCommand(withServerOptions(showCommand(context)));
  group.addCommand(withServerOptions(collapseCommand(context)));
  group.addCommand(withServerOptions(discardCommand(context)));
  return group;
}

function createCommand(context: CommandContext): Command {
  return serverCommand(context, "create", "open an overlay over the current system snapshot; prints its id", [
    "jitosctl sws create                          prints the new overlay's id and where history recorded it",
    "jitosctl sws create --quiet                  prints only the id, e.g. SWS=$(jitosctl sws create --quiet)",
    'jitosctl sws create --meta \'{"by":"ops"}\'     records caller data with the creation',
  ])
    .option("--meta <json>", "a JSON object recorded with the history entry")
    .option("-q, --quiet", "print only the new overlay's id")
    .action((options: MetaOptions & { readonly quiet?: boolean }) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const { createSws } = await client.createSws(metaVariables(options));
        output.result(createSws, () =>
          options.quiet === true ? createSws.sws.id : describeChange("created", createSws.sws, createSws.receipt),
        );
        return EXIT_OK;
      }),
    );
}

function listCommand(context: CommandContext): Command {
  return serverCommand(context, "list", "list overlays (open, collapsed and discarded) by id", [
    "jitosctl sws list                            the first 100 overlays",
    "jitosctl sws list --after 99                 the next page",
    "jitosctl sws list --json",
  ])
    .option("--first <n>", `overlays per page (default ${SWS_PAGE_SIZE_DEFAULT})`)
    .option("--after <id>", "start after this overlay id")
    .action((options: ServerOptions & { readonly first?: string; readonly after?: string }) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const first =
          options.first === undefined
            ? SWS_PAGE_SIZE_DEFAULT
            : parsePositiveInteger("--first", options.first, SWS_PAGE_SIZE_MAX);
        const after = options.after === undefined ? undefined : parseSwsId(options.after);
        const { listSws } = await client.listSws({ page: { first, ...(after === undefined ? {} : { after }) } });
        output.result(listSws, () => {
          const table =
            listSws.items.length === 0
              ? "(no overlays)"
              : renderTable(
                  ["id", "state", "created at", "collapsed at", "discarded at", "base digest"],
                  listSws.items.map((sws) => [
                    sws.id,
                    sws.state,
                    String(sws.createdAtIdx),
                    orDash(sws.collapsedAtIdx),
                    orDash(sws.discardedAtIdx),
                    sws.baseDigest,
                  ]),
                );
          const { hasNextPage, endCursor } = listSws.pageInfo;
          return hasNextPage && endCursor !== null ? `${table}\nmore: --after ${endCursor}` : table;
        });
        return EXIT_OK;
      }),
    );
}

function showCommand(context: CommandContext): Command {
  return serverCommand(context, "show", "show one overlay", ["jitosctl sws show 0", "jitosctl sws show sws:0 --json"])
    .argument("<id>", 'the overlay id ("0" or "sws:0")')
    .action((id: string, options: ServerOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const { sws } = await client.showSws({ id: parseSwsId(id) });
        output.result(sws, () => swsFields(sws));
        return EXIT_OK;
      }),
    );
}

function collapseCommand(context: CommandContext): Command {
  return serverCommand(context, "collapse", "merge an overlay into the system graph, or report a CONFLICT (exit 1)", [
    "jitosctl sws collapse 0                      merge overlay 0; prints the new system digest",
    "jitosctl sws collapse 0 --json               the full result, conflicts included",
  ])
    .argument("<id>", 'the overlay id ("0" or "sws:0")')
    .option("--meta <json>", "a JSON object recorded with the history entry")
    .action((id: string, options: MetaOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const swsId = parseSwsId(id);
        const { collapseSws: result } = await client.collapseSws({ id: swsId, ...metaVariables(options) });
        output.result(result, () => describeCollapse(result));
        if (!result.committed) {
          const message = result.message ?? `sws ${result.sws.id} conflicts with the system graph`;
          output.error(result.code ?? "CONFLICT", message, EXIT_SERVER_ERROR);
        }
        // A conflict is an answer, not a failure of jitosd, but scripts must not go on as if it merged.
        return result.committed ? EXIT_OK : EXIT_SERVER_ERROR;
      }),
    );
}

function discardCommand(context: CommandContext): Command {
  return serverCommand(context, "discard", "drop an overlay's changes (recorded in history)", [
    "jitosctl sws discard 0",
    'jitosctl sws discard sws:3 --meta \'{"reason":"superseded"}\'',
  ])
    .argument("<id>", 'the overlay id ("0" or "sws:0")')
    .option("--meta <json>", "a JSON object recorded with the history entry")
    .action((id: string, options: MetaOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const swsId = parseSwsId(id);
        const { discardSws } = await client.discardSws({ id: swsId, ...metaVariables(options) });
        output.result(discardSws, () => describeChange("discarded", discardSws.sws, discardSws.receipt));
        return EXIT_OK;
      }),
    );
}

function describeChange(what: string, sws: SwsFields, receipt: Receipt): string {
  return `${what} sws ${sws.id} (${sws.state}) at history idx ${receipt.idx}\n${swsFields(sws)}`;
}

function swsFields(sws: SwsFields): string {
  return renderFields([
    ["id", sws.id],
    ["state", sws.state],
    ["base digest", sws.baseDigest],
    ["created at", String(sws.createdAtIdx)],
    ["collapsed at", orDash(sws.collapsedAtIdx)],
    ["discarded at", orDash(sws.discardedAtIdx)],
  ]);
}

function describeCollapse(result: types.CollapseSwsMutation["collapseSws"]): string {
  if (result.committed) {
    return [
      `collapsed sws ${result.sws.id} into system at history idx ${result.receipt.idx} (system rewrite ${result.receipt.rewriteIdx})`,
      renderFields([
        ["system digest", result.receipt.viewDigest],
        ["rewrites merged", String(result.rewritesMerged)],
        ["ops merged", String(result.opsMerged)],
      ]),
    ].join("\n");
  }
  const shown = result.conflicts.length < result.conflictCount ? ` (first ${result.conflicts.length})` : "";
  return [
    `sws ${result.sws.id} was not collapsed: ${result.conflictCount} conflict(s)${shown}; the attempt is history idx ${result.receipt.idx}`,
    renderTable(
      ["id", "table", "reason", "related"],
      result.conflicts.map((conflict) => [
        conflict.id,
        conflict.table,
        conflict.reason,
        conflict.related.join(", ") || "-",
      ]),
    ),
  ].join("\n");
}
