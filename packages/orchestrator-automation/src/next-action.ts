import type { EventView } from "./ticket-client.js";

/** The next thing to do for an accepted ticket, derived from its recorded history alone. */
export type NextAction =
  | { readonly type: "create-worktree" }
  /** The worktree intent is recorded, its result is not: check, and create it if missing. */
  | { readonly type: "confirm-worktree"; readonly baseCommit?: string }
  | { readonly type: "launch-pod"; readonly role: "coder" | "reviewer"; readonly attempt: number }
  | {
      readonly type: "await-pod";
      readonly podId: string;
      readonly role: "coder" | "reviewer";
      readonly attempt: number;
    }
  /** Approved, with `onApproved: merge`: merge the branch into the base (or find it merged). */
  | { readonly type: "merge"; readonly summary: string }
  | { readonly type: "complete"; readonly summary: string; readonly mergedCommit?: string }
  | { readonly type: "block"; readonly reason: string };

export interface PositionPolicy {
  readonly maxReviewRounds: number;
  readonly podRetries: number;
  /** What follows an approval: `merge` into the base branch first, or `none` (complete at once). */
  readonly onApproved?: "merge" | "none";
}

interface PodRun {
  readonly podId: string;
  readonly role: "coder" | "reviewer";
  readonly attempt: number;
  readonly seq: number;
  /** Undefined while no exit is recorded. */
  readonly outcome?: { readonly ok: boolean; readonly reason: string };
}

/**
 * Where an accepted ticket's pipeline stands, from the events recorded under `token`: every
 * step records an intent before acting and a result after, so a restarted orchestrator
 * resumes exactly here and never repeats a side effect that may have happened.
 */
export function nextAction(events: readonly EventView[], token: number, policy: PositionPolicy): NextAction {
  const mine = events.filter((event) => event.token === token);
  const step = (event: EventView) => event.data?.details?.step;
  const worktreeFailure = mine.find((event) => event.kind === "failure" && step(event) === "worktree");
  if (worktreeFailure)
    return { type: "block", reason: worktreeFailure.body ?? "creating the worktree failed" };
  if (!mine.some((event) => event.kind === "progress" && step(event) === "worktree-created")) {
    const intent = mine.find((event) => event.kind === "intent" && step(event) === "worktree");
    if (intent === undefined) return { type: "create-worktree" };
    const baseCommit = intent.data?.details?.baseCommit;
    return typeof baseCommit === "string"
      ? { type: "confirm-worktree", baseCommit }
      : { type: "confirm-worktree" };
  }
  const runs = podRuns(mine);
  const last = runs.at(-1);
  if (last === undefined) return { type: "launch-pod", role: "coder", attempt: 1 };
  if (last.outcome === undefined)
    return { type: "await-pod", podId: last.podId, role: last.role, attempt: last.attempt };
  const attemptsOf = (role: string) => runs.filter((run) => run.role === role).length;
  const verdict = last.role === "reviewer" && last.outcome.ok ? verdictOf(mine, last) : undefined;
  const failed = !last.outcome.ok || (last.role === "reviewer" && verdict === undefined);
  if (failed) {
    const failures = runs.filter((run) => run.role === last.role && !succeeded(run, mine)).length;
    const reason = last.outcome.ok ? "the reviewer exited without recording a verdict" : last.outcome.reason;
    if (failures > policy.podRetries) {
      return { type: "block", reason: `The ${last.role} Pod failed ${failures} time(s); last: ${reason}` };
    }
    return { type: "launch-pod", role: last.role, attempt: last.attempt + 1 };
  }
  if (last.role === "coder")
    return { type: "launch-pod", role: "reviewer", attempt: attemptsOf("reviewer") + 1 };
  if (verdict?.data?.verdict === "approve") {
    const summary = `Approved: ${firstLine(verdict.body)}`;
    return policy.onApproved === "merge" ? afterMerge(mine, summary) : { type: "complete", summary };
  }
  const coderRounds = runs.filter((run) => run.role === "coder" && run.outcome?.ok).length;
  if (coderRounds >= policy.maxReviewRounds) {
    return {
      type: "block",
      reason: `Changes still requested after ${coderRounds} coder round(s): ${verdict?.body ?? ""}`,
    };
  }
  return { type: "launch-pod", role: "coder", attempt: attemptsOf("coder") + 1 };
}

/** After an approval under `onApproved: merge`: merge, or complete once merged, or block on a refused merge. */
function afterMerge(events: readonly EventView[], summary: string): NextAction {
  const step = (event: EventView) => event.data?.details?.step;
  const merged = events.find((event) => event.kind === "progress" && step(event) === "merged");
  const commit = merged?.data?.details?.commit;
  if (typeof commit === "string")
    return { type: "complete", summary: `${summary} Merged as ${commit}.`, mergedCommit: commit };
  const refused = events.find((event) => event.kind === "failure" && step(event) === "merge");
  if (refused) return { type: "block", reason: refused.body ?? "the merge into the base branch was refused" };
  return { type: "merge", summary };
}

function podRuns(events: readonly EventView[]): PodRun[] {
  const runs: PodRun[] = [];
  for (const event of events) {
    const details = event.data?.details;
    if (details?.step === "pod" && event.kind === "intent") {
      runs.push({
        podId: String(details.podId),
        role: details.role === "reviewer" ? "reviewer" : "coder",
        attempt: Number(details.attempt),
        seq: event.seq,
      });
    }
    if (details?.step === "pod-exited") {
      const index = runs.findIndex((run) => run.podId === details.podId);
      const run = runs[index];
      if (run !== undefined && run.outcome === undefined) {
        runs[index] = { ...run, outcome: { ok: event.kind !== "failure", reason: event.body ?? "" } };
      }
    }
  }
  return runs;
}

function succeeded(run: PodRun, events: readonly EventView[]): boolean {
  if (!run.outcome?.ok) return false;
  return run.role === "coder" || verdictOf(events, run) !== undefined;
}

/**
 * The verdict of one reviewer run: the last review recorded by that very Pod under this token.
 * A review from any other Pod — an earlier round's reviewer still running, a stale attempt's
 * reviewer, a person — is not this round's verdict. (The ticket domain refuses a review from
 * another attempt; the Pod id tells this attempt's rounds apart.)
 */
function verdictOf(events: readonly EventView[], run: PodRun): EventView | undefined {
  return events
    .filter((event) => event.kind === "review" && event.seq > run.seq && event.data?.podId === run.podId)
    .at(-1);
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]?.slice(0, 200) ?? "";
}
