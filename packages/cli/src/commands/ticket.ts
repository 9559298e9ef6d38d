import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { ticketCloseCommand } from "./ticket-close.js";
import { ticketCopyCommand } from "./ticket-copy.js";
import { ticketCreateCommand } from "./ticket-create.js";
import { ticketDoctorCommand } from "./ticket-doctor.js";
import { ticketImportCommand } from "./ticket-import.js";
import { ticketListCommand } from "./ticket-list.js";
import { ticketQueueCommand } from "./ticket-queue.js";
import { ticketShowCommand } from "./ticket-show.js";

/** `podkit ticket …`: the human operator's ticket commands. */
export function ticketCommand(context: CliContext): Command {
  return new Command("ticket")
    .addCommand(ticketCreateCommand(context))
    .addCommand(ticketListCommand(context))
    .addCommand(ticketShowCommand(context))
    .addCommand(ticketQueueCommand(context))
    .addCommand(ticketCloseCommand(context))
    .addCommand(ticketDoctorCommand(context))
    .addCommand(ticketImportCommand(context))
    .addCommand(ticketCopyCommand(context));
}
