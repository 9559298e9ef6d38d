import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { tokenCreateCommand } from "./token-create.js";
import { tokenListCommand } from "./token-list.js";
import { tokenRevokeCommand } from "./token-revoke.js";

/** `podkit token …`: the credentials `podkit serve` and `PODKIT_TOKEN` accept. */
export function tokenCommand(context: CliContext): Command {
  return new Command("token")
    .description("Create, list and revoke the tokens that identify a role to podkit serve")
    .addCommand(tokenCreateCommand(context))
    .addCommand(tokenListCommand(context))
    .addCommand(tokenRevokeCommand(context));
}
