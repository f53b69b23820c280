import type { Command } from "commander";
import type { Client, types } from "../client/index.js";
import type { ServerOptions } from "./common/connection.js";
import type { CommandContext, CommandRegistration } from "./index.js";
import { EXIT_OK } from "./common/exit-codes.js";
import type { ServerCommandExitCode } from "./common/exit-codes.js";
import { parseIndex, parsePositiveInteger } from "./common/integer-option.js";
import type { Output } from "./common/output.js";
import { runServerCommand, serverCommand, withServerOptions } from "./common/server-command.js";
import { renderTable } from "./common/table.js";
import { UsageError } from "./common/usage-error.js";
import { parseView } from "./common/view.js";

const REWRITES_PAGE_SIZE_DEFAULT = 100;
const REWRITES_PAGE_SIZE_MAX = 10_000;
/** `--all` reads at most this many entries; a longer history is paged with --after (or streamed with --json). */
const REWRITES_ALL_ENTRIES_MAX = 1_000_000;

type Entry = types.RewritesQuery["rewrites"]["items"][number];

interface RewritesOptions extends ServerOptions {
  readonly view?: string;
  readonly first?: string;
  readonly after?: string;
  readonly all?: boolean;
  readonly follow?: boolean;
}

/** `jitosctl rewrites`: history entries in idx order, one page, all of them, or followed live. */
export const registerRewrites: CommandRegistration = (program, context) => {
  program.addCommand(withServerOptions(rewritesCommand(context)));
};

function rewritesCommand(context: CommandContext): Command {
  return serverCommand(context, "rewrites", "list history entries (rewrites and overlay lifecycle) in idx order", [
    "jitosctl rewrites --view sws:0               the first 100 entries of overlay 0",
    "jitosctl rewrites                            the first 100 entries of every view",
    "jitosctl rewrites --view sws:0 --after 41    entries after idx 41",
    "jitosctl rewrites --view system --all --json every entry of the system view as JSON",
    "jitosctl rewrites --view sws:0 --follow      stream entries as they are applied (Ctrl-C stops)",
  ])
    .option("--view <view>", 'only entries of this view: "system" or "sws:<id>" (default: every view)')
    .option("--first <n>", `entries per page (default ${REWRITES_PAGE_SIZE_DEFAULT})`)
    .option("--after <idx>", "start after this history idx")
    .option("--all", "read every page, not just the first")
    .option(
      "--follow",
      "stream entries as jitosd applies them, until Ctrl-C; with --after <idx> the existing entries after it come first " +
        "(--after -1: the whole history); needs --view; JSON Lines with --json",
    )
    .action((options: RewritesOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const view = options.view === undefined ? undefined : parseView(options.view);
        // --follow --after -1: the view's whole history, then live (the subscription's own "-1 = from the start").
        const fromStart = options.follow === true && options.after === FOLLOW_FROM_START;
        const after = options.after === undefined ? undefined : fromStart ? -1 : parseIndex("--after", options.after);
        const first =
          options.first === undefined
            ? REWRITES_PAGE_SIZE_DEFAULT
            : parsePositiveInteger("--first", options.first, REWRITES_PAGE_SIZE_MAX);
        if (options.follow === true) {
          if (view === undefined) throw new UsageError("--follow needs --view: jitosd streams one view's history.");
          if (options.all === true)
            throw new UsageError("--follow already reads everything after --after; drop --all.");
          return follow(client, output, view, after);
        }
        const { items, pageInfo } = await readEntries(client, view, first, after, options.all === true);
        output.result({ items, pageInfo }, () => {
          const table = items.length === 0 ? "(no entries)" : entriesTable(items);
          const next =
            pageInfo.hasNextPage && pageInfo.endCursor !== null ? [`more: --after ${pageInfo.endCursor}`] : [];
          return [table, ...next].join("\n");
        });
        return EXIT_OK;
      }),
    );
}

async function readEntries(
  client: Client,
  view: types.ViewInput | undefined,
  first: number,
  after: number | undefined,
  all: boolean,
): Promise<types.RewritesQuery["rewrites"]> {
  const items: Entry[] = [];
  let cursor = after;
  for (;;) {
    const { rewrites } = await client.rewrites({
      ...(view === undefined ? {} : { view }),
      page: { first, ...(cursor === undefined ? {} : { after: cursor }) },
    });
    items.push(...rewrites.items);
    const { hasNextPage, endCursor } = rewrites.pageInfo;
    if (!all || !hasNextPage || endCursor === null) return { items, pageInfo: rewrites.pageInfo };
    if (items.length >= REWRITES_ALL_ENTRIES_MAX) {
      throw new UsageError(
        `--all stops at ${REWRITES_ALL_ENTRIES_MAX} entries; page with --first/--after (next: --after ${endCursor}).`,
      );
    }
    cursor = endCursor;
  }
}

/** Streams a view's entries until Ctrl-C (exit 0), the server ends the stream (0), or an error. */
async function follow(
  client: Client,
  output: Output,
  view: types.ViewInput,
  after: number | undefined,
): Promise<ServerCommandExitCode> {
  const events = client.followRewrites({ view, ...(after === undefined ? {} : { after }) });
  const stop = () => void events.return();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    // The header waits for the first entry: nothing connects before it, and a failed connection leaves stdout empty.
    let header: string | null = followLine(ENTRY_HEADERS.map((title) => title.toUpperCase()));
    for await (const { rewrites: entry } of events) {
      if (header !== null) output.note(header);
      header = null;
      output.event(entry, () => entryLine(entry));
    }
    return EXIT_OK;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** `--follow --after -1`: start before the first entry. */
const FOLLOW_FROM_START = "-1";

const ENTRY_HEADERS = ["idx", "type", "view", "rewrite", "ops", "view digest"];
/** Fixed widths for streamed rows (a table's widths are unknown until its end). */
const FOLLOW_COLUMN_WIDTHS = [6, 12, 10, 8, 24];

function entriesTable(items: readonly Entry[]): string {
  return renderTable(ENTRY_HEADERS, items.map(entryCells));
}

function entryLine(entry: Entry): string {
  return followLine(entryCells(entry));
}

/** One streamed row (or the header) in the fixed widths, so rows line up without knowing the rows to come. */
function followLine(cells: readonly string[]): string {
  return cells
    .map((cell, column) => cell.padEnd(FOLLOW_COLUMN_WIDTHS[column] ?? 0))
    .join("  ")
    .trimEnd();
}

function entryCells(entry: Entry): string[] {
  // REWRITE: the rewrite's number within its view (ADR 0028); other entries change no graph.
  const rewrite = entry.type === "rewrite" ? String(entry.receipt.rewriteIdx) : "-";
  return [String(entry.idx), entry.type, entry.view.name, rewrite, opSummary(entry.ops), entry.receipt.viewDigest];
}

/** The op names of an entry ("AddNode, AddEdge"), or "-" for lifecycle entries without ops. */
function opSummary(ops: readonly unknown[]): string {
  if (ops.length === 0) return "-";
  return ops
    .map((op) =>
      typeof op === "object" && op !== null && typeof (op as { op?: unknown }).op === "string"
        ? (op as { op: string }).op
        : "?",
    )
    .join(", ");
}
