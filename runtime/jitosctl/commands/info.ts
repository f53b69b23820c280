import type { Command } from "commander";
import type { ServerOptions } from "./common/connection.js";
import type { CommandContext, CommandRegistration } from "./index.js";
import { EXIT_OK } from "./common/exit-codes.js";
import { runServerCommand, serverCommand, withServerOptions } from "./common/server-command.js";
import { orDash, renderFields } from "./common/table.js";

/** `jitosctl info`: what the daemon at --url runs (versions, hashes, durability); also a reachability check. */
export const registerInfo: CommandRegistration = (program, context) => {
  program.addCommand(withServerOptions(infoCommand(context)));
};

function infoCommand(context: CommandContext): Command {
  return serverCommand(context, "info", "show jitosd's version, schema and registry hashes, policy and durability", [
    "jitosctl info",
    "jitosctl info --url http://10.0.0.5:8080/graphql --json",
  ]).action((options: ServerOptions) =>
    runServerCommand(context, options, async ({ client, output, url }) => {
      const { kernelInfo: info } = await client.kernelInfo();
      output.result(info, () =>
        renderFields([
          ["url", url],
          ["version", info.version],
          ["schema hash", info.schemaHash],
          ["registry", `${info.registryName} ${info.registryHash}`],
          ["generator", info.generatorVersion],
          ["policy", orDash(info.policyId)],
          ["durable", info.durable ? "yes" : "no"],
          ["next idx", String(info.nextIdx)],
        ]),
      );
      return EXIT_OK;
    }),
  );
}
