import { TICKET_STATES, type TicketState } from "@podkit/ticket-lifecycle";
import { Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../cli-context.js";
import { renderTicketList } from "../format/ticket-list-view.js";
import { integerOption, withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface ListOptions extends TicketCommandOptions {
  readonly state?: readonly TicketState[];
  readonly limit?: number;
  readonly text?: string;
}

/** `podkit ticket list [--state S]… [--limit N] [--text T] [--json]` */
export function ticketListCommand(context: CliContext): Command {
  const command = new Command("list")
    .description("List tickets as a table, optionally only some states")
    .option(
      "--state <states>",
      `only tickets in these states; repeat or separate with commas (${TICKET_STATES.join(", ")})`,
      collectStates,
    )
    .option("--limit <n>", "at most this many tickets (1-500, default 50)", integerOption(1, 500))
    .option("--text <text>", "only tickets whose title contains this text");
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (options: ListOptions) => {
    const states = options.state ?? [];
    await runTicketTool(context, {
      options,
      tool: "ticket_list",
      input: {
        ...(states.length === 0 ? {} : { states: [...states] }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.text === undefined ? {} : { text: options.text }),
      },
      render: (output) => {
        if (output.unreadable > 0) {
          context.stderr.write(
            `warning: ${output.unreadable} damaged ticket${output.unreadable === 1 ? " is" : "s are"} left out; 'podkit ticket doctor' names ${output.unreadable === 1 ? "it" : "them"}.\n`,
          );
        }
        return renderTicketList(output, states);
      },
    });
  });
}

function collectStates(text: string, previous: readonly TicketState[] = []): TicketState[] {
  const states = [...previous];
  for (const part of text.split(",")) {
    const state = part.trim();
    if (state === "") continue;
    if (!(TICKET_STATES as readonly string[]).includes(state))
      throw new InvalidArgumentError(
        `'${state}' is not a ticket state. Allowed: ${TICKET_STATES.join(", ")}.`,
      );
    if (!states.includes(state as TicketState)) states.push(state as TicketState);
  }
  return states;
}
