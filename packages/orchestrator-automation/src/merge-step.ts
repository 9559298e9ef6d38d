import type { PodkitEmitter } from "@podkit/core";
import type { MergeRequest, MergeResult } from "./branch-merger.js";
import { MergeError } from "./merge-error.js";
import type { TicketClient } from "./ticket-client.js";
import type { Worktree } from "./worktree-manager.js";

/** Merges a ticket branch into the base branch; the default is {@link BranchMerger}. */
export interface Merger {
  merge(request: MergeRequest): Promise<MergeResult>;
}

/** The store lock every orchestrator on a store takes around a merge: one merge at a time. */
export const MERGE_LOCK = "merge-queue";

/** Longest pause between two tries for the merge lock. */
const MAX_LOCK_WAIT_MS = 1_000;

/**
 * Merges of this process, one at a time per lock holder: the store lock is the holder's (an agent
 * id), and one orchestrator drives several tickets at once, each of which would find the lock its own.
 */
const turns = new Map<string, Promise<unknown>>();

function inTurn<T>(holder: string, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(holder) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => {});
  turns.set(holder, settled);
  void settled.then(() => {
    if (turns.get(holder) === settled) turns.delete(holder);
  });
  return run;
}

/** What one merge step needs. */
export interface MergeStepContext {
  readonly client: TicketClient;
  readonly merger: Merger;
  readonly events: PodkitEmitter;
  readonly signal: AbortSignal;
  /** How long the merge lock is taken for; a holder that dies leaves it to expire. */
  readonly lockMs: number;
  /** Called with the lock held, before git moves anything, and after, before the result is recorded. */
  readonly onStep?: (step: "before-merge" | "merge-done") => void;
}

/**
 * Merges an approved ticket's branch under the store's merge lock and records the outcome under
 * the ticket: `merged` progress with the commit, or a `merge` failure with the reason (the branch
 * kept). A merge that a crash interrupted is found done (the base contains the branch) and
 * recorded, never made twice. Returns false when the lease was lost while waiting.
 */
export async function mergeApprovedBranch(
  context: MergeStepContext,
  ticket: { readonly id: string; readonly title: string; readonly token: number },
  worktree: Worktree,
  baseBranch: string,
): Promise<boolean> {
  const { client } = context;
  const facts = { branch: worktree.branch, baseBranch };
  await client.report(ticket.id, ticket.token, "intent", `Merging ${worktree.branch} into ${baseBranch}.`, {
    step: "merge",
    ...facts,
  });
  return inTurn(client.agentId, () => mergeHoldingTheLock(context, ticket, facts));
}

async function mergeHoldingTheLock(
  context: MergeStepContext,
  ticket: { readonly id: string; readonly title: string; readonly token: number },
  facts: { readonly branch: string; readonly baseBranch: string },
): Promise<boolean> {
  const { client } = context;
  const { branch, baseBranch } = facts;
  if (!(await takeMergeLock(context))) return false;
  try {
    context.onStep?.("before-merge");
    const result = await context.merger.merge({
      ...facts,
      message: `Merge ${ticket.id}: ${ticket.title}\n\npodkit merged ${branch} (ticket ${ticket.id}, token ${ticket.token}).`,
    });
    context.onStep?.("merge-done");
    await client.report(
      ticket.id,
      ticket.token,
      "progress",
      `Merged ${branch} into ${baseBranch} as ${result.commit} (${result.how})${result.checkoutNote === undefined ? "" : `; ${result.checkoutNote}`}.`,
      {
        step: "merged",
        commit: result.commit,
        how: result.how,
        checkout: result.checkout,
        ...(result.checkoutNote === undefined ? {} : { checkoutNote: result.checkoutNote }),
        ...facts,
      },
    );
    context.events.emit("ticket-merged", { ticketId: ticket.id, token: ticket.token, ...facts, ...result });
  } catch (error) {
    if (!MergeError.isInstance(error)) throw error;
    await client.report(ticket.id, ticket.token, "failure", error.message, {
      step: "merge",
      failure: error.failure,
      ...facts,
    });
  } finally {
    await client.releaseLock(MERGE_LOCK).catch(() => {});
  }
  return true;
}

/** Waits for the merge lock, asking again with a growing pause; false once the lease is lost. */
async function takeMergeLock(context: MergeStepContext): Promise<boolean> {
  let pause = 25;
  while (!context.signal.aborted) {
    const lock = await context.client.acquireLock(MERGE_LOCK, context.lockMs);
    if (lock.acquired) return true;
    const untilExpiry = Date.parse(lock.expiresAt) - Date.now();
    await abortableDelay(Math.max(10, Math.min(pause, untilExpiry, MAX_LOCK_WAIT_MS)), context.signal);
    pause = Math.min(pause * 2, MAX_LOCK_WAIT_MS);
  }
  return false;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
