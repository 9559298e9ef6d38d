import type { AgentResult, TranscriptEntry } from "@podkit/agent";

/** What an agent Pod's run left behind, as far as deciding whether its role's work is done. */
export interface PodWork {
  readonly role: string;
  readonly ticketId: string;
  readonly result: Pick<AgentResult, "stopReason" | "detail" | "transcript">;
  /** The worktree's HEAD commit before the run, and after it (undefined when unreadable). */
  readonly headBefore: string | undefined;
  readonly headAfter: string | undefined;
  /** The worktree's branch, for messages. */
  readonly branch?: string | undefined;
}

/** Whether the Pod exits 0: its role's work was done, or why not. */
export type PodOutcome =
  | { readonly done: true; readonly summary: string }
  | { readonly done: false; readonly reason: string };

/**
 * Decides a Pod's exit from what its run did. A coder is done when its branch has a new commit
 * and, after its last commit, a report on the ticket (a successful `ticket_comment`); a reviewer
 * when it recorded a verdict (a successful `ticket_review`, which the ticket domain binds to this
 * Pod's attempt); another role when the model finished its turn. Whatever was recorded, a run that
 * was aborted — the lease lost, the orchestrator's SIGTERM — is not done.
 */
export function decidePodOutcome(work: PodWork): PodOutcome {
  const { result, ticketId } = work;
  const stopped = `The model stopped: ${result.stopReason} — ${result.detail}`;
  if (result.stopReason === "aborted")
    return { done: false, reason: `The run was stopped before the work counted. ${stopped}` };
  if (work.role === "coder") {
    const committed = work.headAfter !== undefined && work.headAfter !== work.headBefore;
    const lastCommit = lastSuccessIndex(result.transcript, "workspace_commit");
    const reported = lastSuccessIndex(result.transcript, "ticket_comment") > lastCommit;
    const branch = work.branch === undefined || work.branch === "" ? "its branch" : `branch ${work.branch}`;
    if (committed && reported)
      return {
        done: true,
        summary: `Committed ${short(work.headAfter)} on ${branch} and reported on ${ticketId}.`,
      };
    const missing = [
      ...(committed ? [] : [`no new commit on ${branch} (HEAD is still ${short(work.headAfter)})`]),
      ...(reported ? [] : [`no report on ${ticketId} after the last commit (a successful ticket_comment)`]),
    ];
    return { done: false, reason: `The coder's work is not done: ${missing.join("; ")}. ${stopped}` };
  }
  if (work.role === "reviewer") {
    if (lastSuccessIndex(result.transcript, "ticket_review") >= 0)
      return { done: true, summary: `Recorded a verdict on ${ticketId}.` };
    return {
      done: false,
      reason: `The reviewer's work is not done: no verdict recorded on ${ticketId} (a successful ticket_review). ${stopped}`,
    };
  }
  if (result.stopReason === "finished") return { done: true, summary: "The model finished its turn." };
  return { done: false, reason: `The ${work.role}'s run did not finish. ${stopped}` };
}

/** The index of the last successful call of `tool` in the transcript, or -1. */
function lastSuccessIndex(transcript: readonly TranscriptEntry[], tool: string): number {
  return transcript.findLastIndex(
    (entry) => entry.type === "tool-call" && entry.toolName === tool && entry.result?.ok === true,
  );
}

function short(commit: string | undefined): string {
  return commit === undefined ? "unknown" : commit.slice(0, 12);
}
