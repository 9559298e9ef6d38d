import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { PRIORITIES, type Priority } from "@podkit/ticket-lifecycle";
import { Command, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import { usageError } from "../cli-error.js";
import { terminalLine } from "../format/terminal-text.js";
import { readStream } from "../read-stream.js";
import { withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { runTicketTool, type TicketCommandOptions } from "./run-ticket-tool.js";

interface CreateOptions extends TicketCommandOptions {
  readonly body?: string;
  readonly bodyFile?: string;
  readonly priority?: Priority;
}

/** `podkit ticket create TITLE [--body TEXT | --body-file FILE] [--priority P]` */
export function ticketCreateCommand(context: CliContext): Command {
  const command = new Command("create")
    .description("Create a ticket in 'planning'")
    .argument("<title>", "a short imperative title")
    .addOption(
      new Option("--body <markdown>", "the problem, the goal, acceptance criteria").conflicts("bodyFile"),
    )
    .option("--body-file <file>", "read the body from a file ('-' for standard input)")
    .addOption(new Option("--priority <priority>", "ticket priority (default normal)").choices(PRIORITIES));
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (title: string, options: CreateOptions) => {
    const body = options.bodyFile === undefined ? options.body : await readBody(context, options.bodyFile);
    await runTicketTool(context, {
      options,
      tool: "ticket_create",
      input: {
        title,
        ...(body === undefined ? {} : { body }),
        ...(options.priority === undefined ? {} : { priority: options.priority }),
      },
      render: ({ ticket }) =>
        `Created ${terminalLine(ticket.id)} (${ticket.state}, ${ticket.priority}): ${terminalLine(ticket.title, 80)}\n`,
    });
  });
}

async function readBody(context: CliContext, file: string): Promise<string> {
  if (file === "-") return readStream(context.stdin);
  try {
    return await readFile(resolve(context.cwd, file), "utf8");
  } catch (error) {
    throw usageError(`Cannot read --body-file '${file}': ${(error as Error).message}`, error);
  }
}
