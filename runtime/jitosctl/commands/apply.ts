import type { Command } from "commander";
import type { ServerOptions } from "./common/connection.js";
import type { CommandContext, CommandRegistration } from "./index.js";
import { EXIT_OK } from "./common/exit-codes.js";
import { metaVariables, parseJsonArgument } from "./common/json-argument.js";
import { runServerCommand, serverCommand, withServerOptions } from "./common/server-command.js";
import { renderFields } from "./common/table.js";
import { UsageError } from "./common/usage-error.js";
import { parseView } from "./common/view.js";

/** Ops in one `jitosctl apply`; a bigger batch belongs in a program using the generated client. */
const APPLY_OPS_MAX = 10_000;

interface ApplyOptions extends ServerOptions {
  readonly view: string;
  readonly op?: string[];
  readonly meta?: string;
}

/** `jitosctl apply`: JSON ops applied to a view as one all-or-nothing rewrite (jitosd's v0 applyRewrite). */
export const registerApply: CommandRegistration = (program, context) => {
  program.addCommand(withServerOptions(applyCommand(context)));
};

function applyCommand(context: CommandContext): Command {
  return serverCommand(context, "apply", "apply JSON ops to a view as one all-or-nothing rewrite", [
    'jitosctl apply --view sws:0 --op \'{"op":"AddNode","data":{"kind":"Note","payload_b64":"aGk="}}\'',
    'jitosctl apply --view sws:0 --op \'{"op":"createTask","input":{"title":"Fix auth bug","intent":"FixBug","priority":50}}\'',
    "jitosctl apply --view sws:0 --op '<op>' --op '<op>'    several ops, one rewrite (or one --op with a JSON array)",
  ])
    .requiredOption("--view <view>", 'the view to change: "sws:<id>" (the system graph changes only by collapse)')
    .option("--op <json...>", "an op as a JSON object (or a JSON array of ops); repeat for several")
    .option("--meta <json>", "a JSON object recorded with the rewrite (who, why)")
    .action((options: ApplyOptions) =>
      runServerCommand(context, options, async ({ client, output }) => {
        const view = parseView(options.view);
        const ops = parseOps(options.op ?? []);
        const { applyRewrite: result } = await client.applyRewrite({
          view,
          rewrite: { ops, ...metaVariables(options) },
        });
        output.result(result, () =>
          [
            `accepted: rewrite ${result.receipt.rewriteIdx} of ${result.receipt.view.name} (history idx ${result.receipt.idx})`,
            renderFields([
              ["view digest", result.receipt.viewDigest],
              ["created ids", result.createdIds.length === 0 ? "-" : result.createdIds.join(", ")],
            ]),
          ].join("\n"),
        );
        return EXIT_OK;
      }),
    );
}

/** Every --op value: a JSON object, or an array of them, flattened in order. */
function parseOps(values: readonly string[]): Record<string, unknown>[] {
  if (values.length === 0) {
    throw new UsageError('apply needs at least one --op, e.g. --op \'{"op":"AddNode","data":{...}}\'.');
  }
  const ops: Record<string, unknown>[] = [];
  values.forEach((text, index) => {
    const flag = values.length === 1 ? "--op" : `--op #${index + 1}`;
    const value = parseJsonArgument(flag, text);
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const item of items) {
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        throw new UsageError(
          `${flag} must be a JSON object such as {"op":"AddNode","data":{...}}, or an array of them.`,
        );
      }
      ops.push(item as Record<string, unknown>);
    }
  });
  if (ops.length > APPLY_OPS_MAX) throw new UsageError(`apply takes at most ${APPLY_OPS_MAX} ops; got ${ops.length}.`);
  return ops;
}
