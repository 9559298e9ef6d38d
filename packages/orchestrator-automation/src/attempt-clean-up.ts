import type { PipelineContext } from "./ticket-pipeline.js";

/**
 * Removes a done or blocked ticket's worktree (unless `keepWorktrees`), and its branch only when
 * `merged` into the base and `deleteMergedBranches` is not false — the cleaner deletes no branch
 * the base lacks, so unmerged work stays on it. An unmerged attempt's worktree with uncommitted
 * changes is kept (`worktree-kept`). A failure is reported and left for `podkit worktrees prune`.
 */
export async function cleanUp(
  context: PipelineContext,
  ticketId: string,
  token: number,
  attempt: { readonly merged: boolean },
): Promise<void> {
  const { policy, cleaner } = context;
  if (cleaner === undefined || policy.keepWorktrees === true) return;
  const worktree = context.worktrees.planned(ticketId, token);
  try {
    const removed = await cleaner.remove(worktree, {
      deleteBranch: attempt.merged && policy.deleteMergedBranches !== false,
      baseBranch: policy.baseBranch,
      // Work no commit holds and no merge carried is never thrown away by the orchestrator.
      keepUncommitted: !attempt.merged,
    });
    if (removed.keptUncommitted) {
      context.events.emit("worktree-kept", {
        ticketId,
        token,
        ...worktree,
        reason: "it has uncommitted changes ('podkit worktrees prune --force' removes it)",
      });
      return;
    }
    context.events.emit("worktree-removed", {
      ticketId,
      token,
      ...worktree,
      branchDeleted: removed.branchDeleted,
    });
  } catch (error) {
    context.events.emit("ticket-failed", {
      ticketId,
      token,
      step: "clean-up",
      reason: `${(error as Error).message} (podkit worktrees prune finishes it)`,
      next: "retry",
    });
  }
}
