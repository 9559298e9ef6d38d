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
