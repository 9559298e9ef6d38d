import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { renderTicket } from "../format/ticket-view.js";
import { integerOption, withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface ShowOptions extends TicketCommandOptions {
  readonly history?: number;
}

/** `podkit ticket show ID [--history N] [--json]` */
export function ticketShowCommand(context: CliContext): Command {
  const command = new Command("show")
    .description("Show one ticket: its fields, body and history timeline")
    .argument("<id>", "ticket id, e.g. T-12")
    .option(
      "--history <n>",
      "how many of the latest events to show (0-500, default 50)",
      integerOption(0, 500),
    );
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (ticketId: string, options: ShowOptions) => {
    await runTicketTool(context, {
      options,
      tool: "ticket_show",
      input: { ticketId, ...(options.history === undefined ? {} : { historyLimit: options.history }) },
      render: renderTicket,
    });
  });
}
