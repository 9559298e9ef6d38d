import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { type Command, InvalidArgumentError } from "commander";

/** Options every command that reads the configuration shares. */
export interface ConfigOptions {
  readonly config?: string;
}

/** `--config FILE`: otherwise the nearest podkit.config.yaml upward from the working directory. */
export function withConfigOption(command: Command): Command {
  return command.option(
    "--config <file>",
    "podkit.config.yaml to use (default: the nearest one in this directory or above)",
  );
}

/** `--agent ID`: who history records as the actor. */
export function withAgentOption(command: Command): Command {
  return command.option(
    "--agent <id>",
    `agent id recorded in history (default: $${POD_ENV.agentId}, else your user name)`,
  );
}

/** `--json`: one JSON object on stdout, `{ ok, output }` or `{ ok, error }`, as `podkit call` prints. */
export function withJsonOption(command: Command): Command {
  return command.option("--json", "print one JSON object ({ ok, output } or { ok, error }) instead of text");
}

/** Parses a whole number within bounds for an option, with a message commander prints as is. */
export function integerOption(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^-?[0-9]+$/.test(text.trim()) || value < min || value > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return value;
  };
}

/**
 * The help note of the commands that act as an agent (`call`, `mcp`, `agent`): under
 * `auth: required` who they act as comes from `PODKIT_TOKEN` alone.
 */
export function withTokenIdentityNote(command: Command): Command {
  return command.addHelpText(
    "after",
    [
      "",
      "Under 'auth: required' (what 'podkit init' writes) the credential in",
      `$${POD_ENV.token} says who this is: its role, agent and ticket (create one with`,
      "'podkit token create --role ROLE --agent ID'). A flag that disagrees with it",
      `is refused; $${POD_ENV.role}, $${POD_ENV.agentId}, $${POD_ENV.ticketId} and`,
      `$${POD_ENV.leaseToken} are ignored.`,
    ].join("\n"),
  );
}
