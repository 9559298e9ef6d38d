import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { Command } from "commander";
import { type PodAgentFlags, runPodAgent } from "../agent/run-pod-agent.js";
import type { CliContext } from "../cli-context.js";
import { withAgentOption, withConfigOption, withTokenIdentityNote } from "./common-options.js";

/**
 * `podkit agent`: the Pod command. Runs the model `agents.<role>` configures over the role's
 * toolset, bound to the Pod's ticket, with the workspace tools of its worktree; the transcript
 * goes to stdout as JSON lines. Exit 0 only when the role's work was done, 1 when it was not
 * (the reason on stderr), 2 when it could not start.
 */
export function agentCommand(context: CliContext): Command {
  const command = new Command("agent")
    .description(
      "Run a Pod's model over its role's tools until its work is done (coder: commit and report; reviewer: a verdict)",
    )
    .option("--role <role>", `the Pod's role (default: $${POD_ENV.role})`)
    .option("--ticket <id>", `the ticket the Pod works on (default: $${POD_ENV.ticketId})`);
  withAgentOption(command);
  withConfigOption(command);
  withTokenIdentityNote(command);
  return command.action(async (options: PodAgentFlags) => {
    context.exitCode = await runPodAgent(context, options);
  });
}
