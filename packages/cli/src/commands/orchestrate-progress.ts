import type { PodkitEmitter } from "@podkit/core";
import type { TextSink } from "../cli-context.js";

/** Prints one readable line per orchestration step; returns the function that stops printing. */
export function printOrchestratorProgress(events: PodkitEmitter, out: TextSink): () => void {
  const line = (ticketId: string, token: number | undefined, text: string) => {
    const time = new Date().toISOString().slice(11, 23);
    out.write(`${time} ${ticketId}${token === undefined ? "" : ` t${token}`}  ${text}\n`);
  };
  const subscriptions = [
    events.on("ticket-waiting", ({ ticketId, reason }) => line(ticketId, undefined, reason)),
    events.on("ticket-accepted", ({ ticketId, token }) =>
      line(ticketId, token, "accepted (lease token issued)"),
    ),
    events.on("worktree-created", ({ ticketId, token, path, branch }) =>
      line(ticketId, token, `worktree ${path} on ${branch}`),
    ),
    events.on("pod-start", ({ ticketId, token, role, podId, pid, logFile }) =>
      line(ticketId, token, `${role} Pod ${podId} started (pid ${pid ?? "?"}), log ${logFile}`),
    ),
    events.on("pod-exit", ({ ticketId, token, podId, code, timedOut, lost }) =>
      line(ticketId, token, `Pod ${podId} ${lost ? "was lost" : timedOut ? "timed out" : `exited ${code}`}`),
    ),
    events.on("ticket-failed", ({ ticketId, token, step, reason }) =>
      line(ticketId, token, `failure at ${step}: ${reason}`),
    ),
    events.on("ticket-blocked", ({ ticketId, token, reason }) => line(ticketId, token, `blocked: ${reason}`)),
    events.on("ticket-merged", ({ ticketId, token, branch, baseBranch, commit, how, checkoutNote }) =>
      line(
        ticketId,
        token,
        `merged ${branch} into ${baseBranch} as ${commit.slice(0, 12)} (${how})${checkoutNote === undefined ? "" : `; ${checkoutNote}`}`,
      ),
    ),
    events.on("ticket-completed", ({ ticketId, token }) => line(ticketId, token, "done")),
    events.on("worktree-removed", ({ ticketId, token, path, branch, branchDeleted }) =>
      line(ticketId, token, `removed worktree ${path}${branchDeleted ? ` and branch ${branch}` : ""}`),
    ),
    events.on("worktree-kept", ({ ticketId, token, path, reason }) =>
      line(ticketId, token, `kept worktree ${path}: ${reason}`),
    ),
    events.on("lease-lost", ({ ticketId, token, reason }) =>
      line(ticketId, token, `lease lost, Pods stopped: ${reason}`),
    ),
  ];
  return () => {
    for (const unsubscribe of subscriptions) unsubscribe();
  };
}
