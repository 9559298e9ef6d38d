import { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { cliVersion } from "./cli-version.js";
import { COMMANDS } from "./command-table.js";
import { unknownCommandMessage } from "./unknown-command.js";

/**
 * The `podkit` command tree for one command line, writing to the context's streams; commander
 * errors throw instead of exiting. Only the command the line names is loaded; the others are
 * listed by name and summary for `--help`.
 */
export async function createProgram(context: CliContext, args: readonly string[]): Promise<Command> {
  const program = new Command("podkit")
    .description("podkit: tickets with a human Queue gate, and role-scoped tools for coding agents")
    .version(cliVersion());
  const named = commandNamed(args);
  for (const entry of COMMANDS) {
    program.addCommand(
      entry.name === named
        ? (await entry.load())(context)
        : new Command(entry.name).description(entry.summary),
    );
  }
  configure(program, context);
  program.on("command:*", ([name]: string[]) =>
    program.error(unknownCommandMessage(name ?? ""), { code: "commander.unknownCommand" }),
  );
  return program;
}

/** The top-level command a line names: its first word, or the one after `help`. */
function commandNamed(args: readonly string[]): string | undefined {
  const [first, second] = args;
  return first === "help" ? second : first;
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
