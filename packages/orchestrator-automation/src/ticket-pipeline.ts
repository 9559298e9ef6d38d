import { inSpan, type Logger, PODKIT_ATTRIBUTES, type PodkitEmitter, ToolRefusedError } from "@podkit/core";
import { podIdFor } from "@podkit/ticket-lifecycle";
import { cleanUp } from "./attempt-clean-up.js";
import { type Merger, mergeApprovedBranch } from "./merge-step.js";
import { nextAction } from "./next-action.js";
import type { PipelineStep } from "./orchestrator-events.js";
import type { OrchestratorPolicy } from "./orchestrator-policy.js";
import { PIPELINE_SPANS, ticketAttributes } from "./pipeline-spans.js";
import { type PodExit, type PodHandle, type PodLauncher, podFiles } from "./pod-launcher.js";
import type { PodSetup } from "./pod-setup.js";
import { preparePod, removePodSessionFiles } from "./prepare-pod.js";
import type { TicketClient } from "./ticket-client.js";
import type { WorktreeCleaner } from "./worktree-cleaner.js";
import type { WorktreeManager } from "./worktree-manager.js";

/** Everything one ticket's pipeline needs. */
export interface PipelineContext {
  readonly client: TicketClient;
  readonly worktrees: WorktreeManager;
  readonly pods: PodLauncher;
  readonly policy: OrchestratorPolicy;
  readonly events: PodkitEmitter;
  /** Aborted when the lease is lost: stop Pods, write nothing more under the token. */
  readonly signal: AbortSignal;
  /**
   * Asked before every Pod spawn: whether the lease has more than the launch margin left on the
   * local clock (renewing first when it has less). Without it, every spawn goes ahead.
   */
  readonly holdsLease?: () => Promise<boolean>;
  /** Called after each named step (progress lines, tests that crash the process at a step). */
  readonly onStep?: (step: PipelineStep, ticketId: string, token: number) => void;
  /** Merges approved branches (policy `onApproved: merge`). */
  readonly merger?: Merger;
  /**
   * Removes the attempt's worktree once its ticket is done or blocked (unless `keepWorktrees`), and
   * its branch once merged into the base (unless `deleteMergedBranches: false`); without it, nothing.
   */
  readonly cleaner?: WorktreeCleaner;
  /** Role instructions, the MCP server and Pod credentials, for each Pod's prompt, MCP config and token. */
  readonly podSetup?: PodSetup;
  /** Where warnings go (a credential that could not be revoked). */
  readonly logger?: Logger;
}

/** History entries a Pod's prompt is rendered from at most (as `podkit agent` reads). */
const PROMPT_HISTORY = 200;

export type PipelineOutcome = "done" | "blocked" | "lease-lost";

/**
 * Drives one accepted ticket to `done` or `blocked`. Each turn reads the ticket, derives the
 * next action from what is recorded under the token, records an intent, acts, and records
 * the result — so it is also how a restarted orchestrator resumes a ticket it holds.
 */
export async function runTicketPipeline(
  context: PipelineContext,
  ticketId: string,
  token: number,
): Promise<PipelineOutcome> {
  const { client, policy, signal } = context;
  const step = (name: PipelineStep, detail?: string) => {
    context.events.emit("pipeline-step", {
      ticketId,
      token,
      step: name,
      ...(detail === undefined ? {} : { detail }),
    });
    context.onStep?.(name, ticketId, token);
  };
  const podAttributes = (pod: { role: string; attempt: number }) => ({
    ...ticketAttributes(ticketId, token),
    [PODKIT_ATTRIBUTES.role]: pod.role,
    [PODKIT_ATTRIBUTES.podId]: podIdFor(ticketId, token, pod.role, pod.attempt),
    [PODKIT_ATTRIBUTES.attempt]: pod.attempt,
  });
  let running: PodHandle | undefined;
  // Ends what the running Pod was given (prompt and MCP files, credential) once it has ended.
  let release: (() => Promise<void>) | undefined;
  while (!signal.aborted) {
    const ticket = await client.show(ticketId);
    if (ticket.state !== "inprogress" || ticket.lease?.token !== token) return "lease-lost";
    const action = nextAction(ticket.events, token, policy);
    switch (action.type) {
      case "create-worktree":
      case "confirm-worktree": {
        const planned = context.worktrees.planned(ticketId, token);
        let baseCommit: string | undefined;
        if (action.type === "create-worktree") {
          // Recorded with the intent, so a restart after a crash between branch and worktree knows the branch it may reuse.
          baseCommit = await context.worktrees.baseCommit(policy.baseBranch);
          await client.report(
            ticketId,
            token,
            "intent",
            `Creating worktree ${planned.path} on branch ${planned.branch}.`,
            { step: "worktree", ...planned, ...(baseCommit === undefined ? {} : { baseCommit }) },
          );
          step("intent-recorded", "worktree");
        } else baseCommit = action.baseCommit;
        try {
          await inSpan(PIPELINE_SPANS.worktree, ticketAttributes(ticketId, token), async () => {
            if (!(await context.worktrees.exists(ticketId, token)))
              await context.worktrees.create({
                ticketId,
                token,
                baseBranch: policy.baseBranch,
                ...(baseCommit === undefined ? {} : { baseCommit }),
              });
          });
        } catch (error) {
          await client.report(
            ticketId,
            token,
            "failure",
            `Worktree creation failed: ${(error as Error).message}`,
            { step: "worktree" },
          );
          continue;
        }
        await client.report(ticketId, token, "progress", `Worktree ready at ${planned.path}.`, {
          step: "worktree-created",
          ...planned,
        });
        context.events.emit("worktree-created", { ticketId, token, ...planned });
        step("worktree-created");
        break;
      }
      case "launch-pod":
      case "await-pod": {
        const podId = podIdFor(ticketId, token, action.role, action.attempt);
        const files = podFiles(policy.runDir, podId);
        if (action.type === "launch-pod") {
          await client.report(ticketId, token, "intent", `Launching ${action.role} Pod ${podId}.`, {
            step: "pod",
            podId,
            role: action.role,
            attempt: action.attempt,
          });
          step("intent-recorded", podId);
        }
        if (running?.podId !== podId) {
          if (context.pods.wasLaunched(policy.runDir, podId)) {
            running = context.pods.attach(policy.runDir, podId, {
              timeoutMs: policy.pods[action.role].timeoutMs,
            });
            // Launched by an earlier process: its files are removed here, its credential expires.
            release = async () => removePodSessionFiles(policy.runDir, podId);
          } else {
            // A pause between the intent and here (SIGSTOP, a stalled machine) may have let the lease lapse.
            if (context.holdsLease !== undefined && !(await context.holdsLease())) {
              if (signal.aborted) return "lease-lost";
              throw new Error(
                `Not launching Pod ${podId}: the lease has less than the launch margin left and could not be renewed.`,
              );
            }
            const launched = await inSpan(PIPELINE_SPANS.launchPod, podAttributes(action), () =>
              launch(context, { ticketId, token, podId, role: action.role }),
            );
            const started = launched.handle;
            running = started;
            release = launched.release;
            await client
              .report(
                ticketId,
                token,
                "progress",
                `${action.role} Pod ${podId} started (pid ${started.pid}); log: ${files.log}.`,
                {
                  step: "pod-started",
                  podId,
                  pid: started.pid ?? null,
                  log: files.log,
                },
              )
              .catch(async (error: unknown) => {
                // The lease lapsed between the intent and the launch (a pause can fall there): the
                // Pod must not outlive the attempt. Other errors resume on the next scan, which attaches.
                if (ToolRefusedError.isInstance(error) && error.code === "lease_lost") {
                  await started.stop();
                  await release?.();
                }
                throw error;
              });
            context.events.emit("pod-start", {
              ticketId,
              token,
              podId,
              role: action.role,
              pid: running.pid,
              logFile: files.log,
            });
            step("pod-spawned", podId);
          }
        }
        step("pod-running", podId);
        const pod = running;
        const exit = await inSpan(PIPELINE_SPANS.waitPod, podAttributes(action), async (span) => {
          const ended = await untilExitOrAbort(pod, signal);
          span.setAttribute(PODKIT_ATTRIBUTES.outcome, exitOutcome(ended));
          if (typeof ended?.code === "number") span.setAttribute(PODKIT_ATTRIBUTES.exitCode, ended.code);
          return ended;
        });
        await release?.();
        release = undefined;
        if (exit === undefined) return "lease-lost";
        running = undefined;
        context.events.emit("pod-exit", {
          ticketId,
          token,
          podId,
          role: action.role,
          code: exit.code,
          timedOut: exit.timedOut,
          lost: exit.lost,
        });
        const ok = exit.code === 0 && !exit.timedOut && !exit.lost;
        const details = {
          step: "pod-exited",
          podId,
          role: action.role,
          code: exit.code,
          timedOut: exit.timedOut,
          lost: exit.lost,
        };
        await client.report(
          ticketId,
          token,
          ok ? "progress" : "failure",
          `${action.role} Pod ${podId} ${describeExit(exit)}; log: ${files.log}.`,
          details,
        );
        if (!ok) {
          context.events.emit("ticket-failed", {
            ticketId,
            token,
            step: "pod",
            reason: describeExit(exit),
            next: "retry",
          });
        }
        step("pod-exited", podId);
        break;
      }
      case "merge": {
        if (context.merger === undefined) throw new Error("policy onApproved: merge needs a merger");
        const merging = await mergeApprovedBranch(
          {
            client,
            merger: context.merger,
            events: context.events,
            signal,
            lockMs: policy.leaseMs,
            onStep: (name) => step(name),
          },
          { id: ticketId, title: ticket.title, token },
          context.worktrees.planned(ticketId, token),
          policy.baseBranch,
        );
        if (!merging) return "lease-lost";
        break;
      }
      case "complete":
        step("before-complete");
        await inSpan(PIPELINE_SPANS.complete, ticketAttributes(ticketId, token), () =>
          client.complete(ticketId, token, action.summary),
        );
        context.events.emit("ticket-completed", { ticketId, token });
        step("completed");
        await cleanUp(context, ticketId, token, { merged: action.mergedCommit !== undefined });
        return "done";
      case "block":
        await inSpan(PIPELINE_SPANS.block, ticketAttributes(ticketId, token), () =>
          client.block(ticketId, token, action.reason),
        );
        context.events.emit("ticket-blocked", { ticketId, token, reason: action.reason });
        step("blocked");
        await cleanUp(context, ticketId, token, { merged: false });
        return "blocked";
    }
  }
  return "lease-lost";
}

async function launch(
  context: PipelineContext,
  pod: { ticketId: string; token: number; podId: string; role: "coder" | "reviewer" },
): Promise<{ handle: PodHandle; release: () => Promise<void> }> {
  const { policy } = context;
  const command = policy.pods[pod.role];
  const worktree = context.worktrees.planned(pod.ticketId, pod.token);
  const prepared = await preparePod(
    {
      ticket: await context.client.show(pod.ticketId, PROMPT_HISTORY),
      token: pod.token,
      podId: pod.podId,
      role: pod.role,
      worktree,
      baseBranch: policy.baseBranch,
      command: command.command,
      timeoutMs: command.timeoutMs,
      runDir: policy.runDir,
      ...(policy.podEnv === undefined ? {} : { podEnv: policy.podEnv }),
    },
    context.podSetup,
    context.logger,
  );
  try {
    const handle = await context.pods.launch({
      podId: pod.podId,
      role: pod.role,
      cwd: worktree.path,
      command: prepared.command,
      runDir: policy.runDir,
      timeoutMs: command.timeoutMs,
      env: prepared.env,
    });
    return { handle, release: prepared.release };
  } catch (error) {
    await prepared.release();
    throw error;
  }
}

/** The Pod's exit, or undefined after stopping it because the lease was lost. */
async function untilExitOrAbort(pod: PodHandle, signal: AbortSignal): Promise<PodExit | undefined> {
  if (signal.aborted) {
    await pod.stop();
    return undefined;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const result = await Promise.race([pod.exited, aborted]);
  if (onAbort) signal.removeEventListener("abort", onAbort);
  if (result === "aborted") {
    await pod.stop();
    return undefined;
  }
  return result;
}

/** A Pod's end as a span outcome: `ok`, `exit_<code>`, `killed`, `timed_out`, `lost`, or `lease_lost`. */
function exitOutcome(exit: PodExit | undefined): string {
  if (exit === undefined) return "lease_lost";
  if (exit.lost) return "lost";
  if (exit.timedOut) return "timed_out";
  if (exit.code === 0) return "ok";
  return exit.code === null ? "killed" : `exit_${exit.code}`;
}

function describeExit(exit: PodExit): string {
  if (exit.lost) return "was lost (no exit status recorded)";
  if (exit.timedOut) return "timed out and was stopped";
  if (exit.code === 0) return "exited 0";
  return exit.code === null ? `was killed by ${exit.signal ?? "a signal"}` : `exited with code ${exit.code}`;
}
