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
  /** The Pod id: `<ticketId>-t<token>-<role>-<attempt>`. */
  podId: "PODKIT_POD_ID",
  /** The lease token of the attempt the Pod works for. */
  leaseToken: "PODKIT_LEASE_TOKEN",
  /** The branch the attempt's worktree was created from. */
  baseBranch: "PODKIT_BASE_BRANCH",
  /** The podkit configuration file, so a Pod never reads its worktree's stale copy. */
  config: "PODKIT_CONFIG",
} as const;

/** What the orchestrator tells one Pod about itself. */
export interface PodIdentity {
  readonly role: string;
  readonly ticketId: string;
  readonly podId: string;
  readonly token: number;
  readonly baseBranch: string;
}

/** The environment variables that tell a Pod who it is; the Pod's agent id is its Pod id. */
export function podEnvironment(pod: PodIdentity): Record<string, string> {
  return {
    [POD_ENV.role]: pod.role,
    [POD_ENV.ticketId]: pod.ticketId,
    [POD_ENV.leaseToken]: String(pod.token),
    [POD_ENV.agentId]: pod.podId,
    [POD_ENV.podId]: pod.podId,
    [POD_ENV.baseBranch]: pod.baseBranch,
  };
}
