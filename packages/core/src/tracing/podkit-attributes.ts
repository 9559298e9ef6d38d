/**
 * The span attribute names podkit sets, beside the OpenTelemetry semantic conventions
 * (`error.type`, `gen_ai.*`). Spelled here only; docs/tracing.md lists where each appears.
 */
export const PODKIT_ATTRIBUTES = {
  /** The tool a `toolset.call` span calls. */
  tool: "podkit.tool",
  /** The role acting: the toolset's role, or the role of the Pod an orchestrator step launches. */
  role: "podkit.role",
  /** The agent id recorded in ticket history for the call. */
  agentId: "podkit.agent_id",
  /** How a call or step ended: `ok`, or the refusal or error code (`lease_lost`, `invalid_input`, …). */
  outcome: "podkit.outcome",
  /** The ticket a call is bound to, or the ticket an orchestrator step works on. */
  ticketId: "podkit.ticket_id",
  /** The lease token of the attempt an orchestrator step works for. */
  leaseToken: "podkit.lease_token",
  /** The Pod an orchestrator step launches or waits for. */
  podId: "podkit.pod_id",
  /** The attempt number of a Pod launch (1 for the first Pod of a role under one lease). */
  attempt: "podkit.attempt",
  /** A Pod's exit code (absent when it was killed by a signal or lost). */
  exitCode: "podkit.pod.exit_code",
  /** On an orchestrator's ticket span: the ticket was held already and its pipeline resumed. */
  resumed: "podkit.resumed",
  /** The stable code of the podkit error that failed a span (see docs/errors.md). */
  errorCode: "podkit.error_code",
} as const;
