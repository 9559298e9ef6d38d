import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { terminalLine } from "../format/terminal-text.js";
import { withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface CloseOptions extends TicketCommandOptions {
  readonly resolution: string;
}

/** `podkit ticket close ID --resolution TEXT` */
export function ticketCloseCommand(context: CliContext): Command {
  const command = new Command("close")
    .description("Close a ticket with a resolution")
    .argument("<id>", "ticket id, e.g. T-12")
    .requiredOption("--resolution <text>", "how the ticket ended, e.g. 'fixed in #42' or 'won't do: …'");
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (ticketId: string, options: CloseOptions) => {
    await runTicketTool(context, {
      options,
      tool: "ticket_close",
      input: { ticketId, resolution: options.resolution },
      render: ({ ticket }) => `Closed ${terminalLine(ticket.id)}: ${terminalLine(ticket.title, 80)}.\n`,
    });
  });
}
