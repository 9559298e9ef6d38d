import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { terminalLine } from "../format/terminal-text.js";
import { withConfigOption, withJsonOption } from "./common-options.js";
import { withCredentials } from "./with-credentials.js";

interface RevokeOptions {
  readonly config?: string;
  readonly json?: boolean;
}

/** `podkit token revoke ID…`: the tokens stop working at once; a running `podkit serve` closes their sessions. */
export function tokenRevokeCommand(context: CliContext): Command {
  const command = new Command("revoke")
    .description("Revoke tokens by id ('podkit token list' shows ids); their open sessions close at once")
    .argument("<id...>", "credential ids");
  withJsonOption(command);
  withConfigOption(command);
  return command.action(async (ids: string[], options: RevokeOptions) => {
    await withCredentials(context, options, async (store) => {
      const revoked = [];
      for (const id of ids) revoked.push(await store.revoke(id));
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ ok: true, output: { revoked } })}\n`);
        return;
      }
      for (const credential of revoked)
        context.stdout.write(
          `Revoked ${credential.id} (${credential.role} '${terminalLine(credential.agentId, 80)}').\n`,
        );
    });
  });
}
