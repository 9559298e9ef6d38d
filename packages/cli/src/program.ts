import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { callCommand } from "./commands/call.js";
import { initCommand } from "./commands/init.js";
import { mcpCommand } from "./commands/mcp.js";
import { orchestrateCommand } from "./commands/orchestrate.js";
import { ticketCloseCommand } from "./commands/ticket-close.js";
import { ticketCopyCommand } from "./commands/ticket-copy.js";
import { ticketCreateCommand } from "./commands/ticket-create.js";
import { ticketDoctorCommand } from "./commands/ticket-doctor.js";
import { ticketImportCommand } from "./commands/ticket-import.js";
import { ticketListCommand } from "./commands/ticket-list.js";
import { ticketQueueCommand } from "./commands/ticket-queue.js";
import { ticketShowCommand } from "./commands/ticket-show.js";
import { toolsCommand } from "./commands/tools.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** The `podkit` command tree, writing to the context's streams; commander errors throw instead of exiting. */
export function createProgram(context: CliContext): Command {
  const ticket = new Command("ticket")
    .description("Work with tickets as the human operator (role 'human' unless PODKIT_ROLE says otherwise)")
    .addCommand(ticketCreateCommand(context))
    .addCommand(ticketListCommand(context))
    .addCommand(ticketShowCommand(context))
    .addCommand(ticketQueueCommand(context))
    .addCommand(ticketCloseCommand(context))
    .addCommand(ticketDoctorCommand(context))
    .addCommand(ticketImportCommand(context))
    .addCommand(ticketCopyCommand(context));
  const program = new Command("podkit")
    .description("podkit: tickets with a human Queue gate, and role-scoped tools for coding agents")
    .version(VERSION)
    .addCommand(initCommand(context))
    .addCommand(ticket)
    .addCommand(toolsCommand(context))
    .addCommand(mcpCommand(context))
    .addCommand(callCommand(context))
    .addCommand(orchestrateCommand(context));
  configure(program, context);
  return program;
}

function configure(command: Command, context: CliContext): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .showHelpAfterError("(add --help for usage)");
  for (const child of command.commands) configure(child, context);
}
