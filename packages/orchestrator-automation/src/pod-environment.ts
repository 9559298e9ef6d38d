/**
 * The Pod contract's environment variable names and the environment the orchestrator gives a Pod;
 * loads nothing else, so Pod-side commands can import it cheaply.
 *
 * @module @podkit/orchestrator-automation/pod-environment
 */

/**
 * The names of the environment variables of the Pod contract: the orchestrator sets them for each
 * Pod it launches, and what runs in the Pod (`podkit` commands, an agent) reads them. Spelled
 * here only; import them from `@podkit/orchestrator-automation/pod-environment`, which loads
 * nothing else.
 */
export const POD_ENV = {
  /** The role the Pod acts as: `coder` or `reviewer`. */
  role: "PODKIT_ROLE",
  /** The ticket the Pod is bound to. */
  ticketId: "PODKIT_TICKET_ID",
  /** The agent id recorded in history for the Pod's writes (the Pod id). */
  agentId: "PODKIT_AGENT_ID",
  /** The Pod id: `<ticketId>-t<token>-<role>-<attempt>` (`podIdFor` / `parsePodId` in `@podkit/ticket-lifecycle`). */
  podId: "PODKIT_POD_ID",
  /** The lease token of the attempt the Pod works for. */
  leaseToken: "PODKIT_LEASE_TOKEN",
  /** The branch the attempt's worktree was created from. */
  baseBranch: "PODKIT_BASE_BRANCH",
  /** The podkit configuration file, so a Pod never reads its worktree's stale copy. */
  config: "PODKIT_CONFIG",
  /** The task prompt (role instructions + ticket), rendered to a file outside the worktree. */
  promptFile: "PODKIT_PROMPT_FILE",
  /** A `{"mcpServers": {"podkit": …}}` file: `podkit mcp` fixed to the Pod's role, agent and ticket. */
  mcpConfig: "PODKIT_MCP_CONFIG",
  /**
   * Under `auth: required`: the Pod's own short-lived credential, the only identity podkit
   * commands accept from it (replaces `PODKIT_LEASE_TOKEN`).
   */
  token: "PODKIT_TOKEN",
} as const;

/** Whether an environment variable is one of podkit's (`PODKIT_*`): a Pod inherits none of its launcher's. */
export function isPodkitVariable(name: string): boolean {
  return name.startsWith("PODKIT_");
}

/** What the orchestrator tells one Pod about itself. */
export interface PodIdentity {
  readonly role: string;
  readonly ticketId: string;
  readonly podId: string;
  readonly token: number;
  readonly baseBranch: string;
}

/**
 * The environment variables that tell a Pod who it is; the Pod's agent id is its Pod id. With a
 * credential (`auth: required`) the Pod gets it as `PODKIT_TOKEN` and no lease token.
 */
export function podEnvironment(pod: PodIdentity & { readonly credential?: string }): Record<string, string> {
  return {
    [POD_ENV.role]: pod.role,
    [POD_ENV.ticketId]: pod.ticketId,
    ...(pod.credential === undefined
      ? { [POD_ENV.leaseToken]: String(pod.token) }
      : { [POD_ENV.token]: pod.credential }),
    [POD_ENV.agentId]: pod.podId,
    [POD_ENV.podId]: pod.podId,
    [POD_ENV.baseBranch]: pod.baseBranch,
  };
}
