import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { EXIT } from "../cli-error.js";
import { renderDoctorReport } from "../format/doctor-view.js";
import { integerOption, withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface DoctorOptions extends TicketCommandOptions {
  readonly limit?: number;
}

/** `podkit ticket doctor [--limit N]`: exit status 1 when the store has problems. */
export function ticketDoctorCommand(context: CliContext): Command {
  const command = new Command("doctor")
    .description("Check the ticket store and name each damaged file and its problem (exit 1 if any)")
    .option("--limit <n>", "at most this many problems (1-500, default 100)", integerOption(1, 500));
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (options: DoctorOptions) => {
    await runTicketTool(context, {
      options,
      tool: "ticket_doctor",
      input: options.limit === undefined ? {} : { limit: options.limit },
      render: renderDoctorReport,
      exitCode: (report) => (report.ok ? EXIT.ok : EXIT.refused),
    });
  });
}
