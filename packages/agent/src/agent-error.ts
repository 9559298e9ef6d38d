import { brandGuard, PodkitError } from "@podkit/core";

/** Stable codes for every error `@podkit/agent` raises. */
export type AgentErrorCode =
  /** An agent configuration (or `runAgent` options) that cannot be used. */
  | "invalid_agent_config"
  /** A model spec that is not `provider:model-id`. */
  | "invalid_model_spec"
  /** A model spec whose provider podkit does not know. */
  | "unknown_provider"
  /** The environment variable that should hold the provider's API key is unset or empty. */
  | "missing_api_key"
  /** A provider that needs a base URL (`openai-compatible`) was configured without one. */
  | "missing_base_url"
  /** A `scripted:` model whose script file cannot be read. */
  | "unreadable_script"
  /** A `scripted:` model whose script file is not valid JSON or not a valid script. */
  | "invalid_script"
  /** A scripted model was asked for a step its script has no turn for. */
  | "script_exhausted"
  /** No reply of a scripted turn matches the conversation so far. */
  | "script_no_match";

/**
 * An agent that cannot be configured or a scripted model that cannot answer: a stable `code` and a
 * message that names the culprit and what is allowed. Configuration errors are thrown before any
 * model is called, so a host can refuse to start (the CLI exits 2).
 */
export class AgentError extends PodkitError<AgentErrorCode> {
  static override readonly isInstance = brandGuard<AgentError>("podkit.agent-error");
}
