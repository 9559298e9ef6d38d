/** The command a Pod role runs, and how long it may take. */
export interface PodCommand {
  /** argv; the first element is the executable. Run in the worktree. */
  readonly command: readonly string[];
  readonly timeoutMs: number;
}

/** How the orchestrator routes and retries; from `podkit.config.yaml` (`orchestrator:`). */
export interface OrchestratorPolicy {
  /** Tickets worked on at once. */
  readonly concurrency: number;
  readonly leaseMs: number;
  /** Renew this often; a third of the lease by default, so two renewals can fail before it lapses. */
  readonly renewEveryMs?: number;
  /**
   * A Pod is launched only while the lease has more than this left on the local clock (else it is
   * renewed first); `(leaseMs − renewEveryMs) / 2` by default.
   */
  readonly launchMarginMs?: number;
  readonly baseBranch: string;
  /** The periodic scan that backs up notifications (a missed notification only costs this much latency). */
  readonly reconcileIntervalMs: number;
  /** Review rounds in all (a coder run and its review): requested changes relaunch the coder until this many ran, then block. */
  readonly maxReviewRounds: number;
  /** Relaunches after a failed Pod (exit code, timeout, lost) before the ticket is blocked. */
  readonly podRetries: number;
  readonly pods: { readonly coder: PodCommand; readonly reviewer: PodCommand };
  /** Where Pod logs, pid and status files live. */
  readonly runDir: string;
  /** Extra environment for Pods (e.g. the config path as PODKIT_CONFIG). */
  readonly podEnv?: Readonly<Record<string, string>>;
  /**
   * After approval: `merge` the branch into `baseBranch` through the merge queue, then complete;
   * `none` (the default) completes at once and leaves the branch as it is.
   */
  readonly onApproved?: "merge" | "none";
  /**
   * Keep an attempt's worktree and branch once its ticket is done or blocked; false by default:
   * the worktree is removed (`podkit worktrees prune` removes what a crash or this option left).
   */
  readonly keepWorktrees?: boolean;
  /**
   * Delete a done ticket's branch once it is merged into the base (true by default); a blocked
   * ticket's branch, an approved one under `onApproved: none` and any branch the base lacks are kept.
   */
  readonly deleteMergedBranches?: boolean;
}

/** The policy fields with defaults: two tickets at once, one-minute leases, base branch `main`, two review rounds, one Pod retry. */
export const DEFAULT_ORCHESTRATOR_POLICY = {
  concurrency: 2,
  leaseMs: 60_000,
  baseBranch: "main",
  reconcileIntervalMs: 5_000,
  maxReviewRounds: 2,
  podRetries: 1,
} as const satisfies Partial<OrchestratorPolicy>;

/** The renewal period the policy asks for: `renewEveryMs`, else a third of the lease (at least 250 ms). */
export function renewEveryMsOf(policy: OrchestratorPolicy): number {
  return policy.renewEveryMs ?? Math.max(250, Math.floor(policy.leaseMs / 3));
}

/** The launch margin the policy asks for: `launchMarginMs`, else half of what is left of the lease at a renewal. */
export function launchMarginMsOf(policy: OrchestratorPolicy): number {
  return policy.launchMarginMs ?? Math.max(0, Math.floor((policy.leaseMs - renewEveryMsOf(policy)) / 2));
}
