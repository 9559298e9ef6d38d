import { type AgentConfig, AgentError, resolveAgentModel } from "@podkit/agent";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";

/** A role's agent as configured, with its model resolved. */
export interface PodModel {
  readonly config: AgentConfig;
  readonly model: ReturnType<typeof resolveAgentModel>;
}

/**
 * The model `agents.<role>` names in the configuration, resolved before anything starts: a role
 * without an agent, an unknown provider, a missing API key or an unreadable script is a
 * configuration error (exit 2) naming the file and what to do.
 */
export function resolvePodModel(
  config: PodkitConfig,
  role: string,
  env: Readonly<Record<string, string | undefined>>,
): PodModel {
  const agent = config.agents[role];
  if (agent === undefined) {
    const configured = Object.keys(config.agents);
    throw new CliError(
      "invalid_config",
      `${config.file} names no agent for role '${role}'. Add one under agents:, e.g.\n  agents:\n    ${role}:\n      model: openai:gpt-5-mini   # or anthropic:…, openai-compatible:… with baseURL, scripted:FILE\n${configured.length === 0 ? "No role has an agent yet." : `Roles with an agent: ${configured.map((name) => `'${name}'`).join(", ")}.`}`,
      { exitCode: EXIT.usage },
    );
  }
  try {
    return { config: agent, model: resolveAgentModel(agent, { env, baseDirectory: config.directory }) };
  } catch (error) {
    if (!AgentError.isInstance(error)) throw error;
    throw new CliError(error.code, `agents.${role} in ${config.file}: ${error.message}`, {
      exitCode: EXIT.usage,
      cause: error,
    });
  }
}
