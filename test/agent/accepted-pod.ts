import { join } from "node:path";
import { POD_ENV, podEnvironment } from "../../packages/orchestrator-automation/src/index.js";
import { type AgentRepository, must } from "./agent-repository.js";

/** An accepted ticket with a worktree and the environment its Pod is launched with, as the orchestrator makes them. */
export interface AcceptedPod {
  readonly ticketId: string;
  readonly token: number;
  readonly podId: string;
  readonly worktree: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The orchestrator that holds the leases of these tests. */
export const ORCHESTRATOR = "orchestrator-test";

/**
 * Does by hand what the orchestrator does before a Pod starts — accept the queued ticket, add a
 * worktree on a branch named from ticket and token — so a test can run `podkit agent` itself.
 */
export async function acceptForPod(
  repository: AgentRepository,
  ticketId: string,
  role = "coder",
): Promise<AcceptedPod> {
  const accepted = await repository.as("orchestrator", ORCHESTRATOR, (orchestrator) =>
    must<{ lease: { token: number } }>(orchestrator, "ticket_accept", {
      ticketId,
      requestId: `test-${ticketId}`,
      leaseMs: 600_000,
    }),
  );
  const token = accepted.lease.token;
  const worktree = join(repository.directory, ".podkit/worktrees", `${ticketId}-t${token}`);
  repository.git("worktree", "add", "-q", "-b", `podkit/${ticketId}-t${token}`, worktree, "main");
  const podId = `${ticketId}-t${token}-${role}-1`;
  return {
    ticketId,
    token,
    podId,
    worktree,
    env: {
      ...podEnvironment({ role, ticketId, podId, token, baseBranch: "main" }),
      [POD_ENV.config]: repository.configFile,
    },
  };
}
