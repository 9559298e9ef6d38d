import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { terminalLine } from "../format/terminal-text.js";
import { withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface QueueOptions extends TicketCommandOptions {
  readonly reason?: string;
}

/** `podkit ticket queue ID [--reason TEXT]`: the human Queue gate. */
export function ticketQueueCommand(context: CliContext): Command {
  const command = new Command("queue")
    .description("The human Queue gate: authorize the Orchestrator to take a 'ready' (or 'blocked') ticket")
    .argument("<id>", "ticket id, e.g. T-12")
    .option("--reason <text>", "why; required to re-queue a blocked ticket");
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (ticketId: string, options: QueueOptions) => {
    await runTicketTool(context, {
      options,
      tool: "ticket_queue",
      input: { ticketId, ...(options.reason === undefined ? {} : { reason: options.reason }) },
      render: ({ ticket }) =>
        `Queued ${terminalLine(ticket.id)}: ${terminalLine(ticket.title, 80)} (now ${ticket.state}).\n`,
    });
  });
}
