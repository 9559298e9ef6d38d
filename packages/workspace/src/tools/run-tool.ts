import { defineTool, quoteList } from "@podkit/core";
import { z } from "zod";
import { WorkspaceError } from "../workspace-error.js";
import { workspaceOf } from "./workspace-schemas.js";

/**
 * `workspace_run` for one workspace: its description names the configured commands, so a
 * model sees what it may run without a failed call first.
 */
export function defineRunTool(commandNames: readonly string[]) {
  const available =
    commandNames.length === 0 ? "none are configured" : `configured: ${quoteList(commandNames)}`;
  return defineTool({
    name: "workspace_run",
    description: `Run one of the worktree's configured commands (${available}) with a timeout; reports the exit status and the tail of its output.`,
    capability: "exec",
    hints: { readOnly: false, destructive: false, idempotent: false },
    input: z.strictObject({
      command: z
        .string()
        .min(1)
        .max(64)
        .describe(`The name of a configured command (${available}); its arguments come from configuration.`),
      timeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(86_400)
        .optional()
        .describe("Stop the command after this many seconds; the workspace's configured timeout caps it."),
    }),
    output: z.object({
      command: z.string().describe("The command's configured name."),
      argv: z.array(z.string()).describe("What was run, without a shell."),
      exitCode: z.number().int().nullable().describe("The exit code; null when a signal ended the command."),
      signal: z.string().nullable().describe("The signal that ended the command, if one did."),
      timedOut: z.boolean().describe("True when the command was stopped at the timeout."),
      durationMs: z.number().int().describe("How long the command ran."),
      output: z
        .string()
        .describe("Its stdout and stderr together, in arrival order; the tail when it was long."),
      outputChars: z.number().int().describe("Characters of output in all, before truncation."),
      truncated: z.boolean().describe("True when the start of the output was dropped to keep the tail."),
    }),
    async execute(input, context) {
      const workspace = workspaceOf(context);
      const argv = Object.hasOwn(workspace.commands, input.command)
        ? workspace.commands[input.command]
        : undefined;
      if (argv === undefined) {
        throw new WorkspaceError(
          "unknown_command",
          `'${input.command}' is not a configured command. Commands this worktree may run: ${quoteList(Object.keys(workspace.commands))}.`,
        );
      }
      const requested =
        input.timeoutSeconds === undefined ? Number.POSITIVE_INFINITY : input.timeoutSeconds * 1000;
      const timeoutMs = Math.min(requested, workspace.limits.runTimeoutMs);
      try {
        const outcome = await workspace.run(argv, timeoutMs);
        return {
          command: input.command,
          argv: [...argv],
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          timedOut: outcome.timedOut,
          durationMs: outcome.durationMs,
          output: outcome.output,
          outputChars: outcome.outputChars,
          truncated: outcome.truncated,
        };
      } catch (error) {
        throw new WorkspaceError(
          "command_failed_to_start",
          `Command '${input.command}' (${quoteList(argv)}) could not be started: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
  });
}
