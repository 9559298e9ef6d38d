import { runAgent } from "@podkit/agent";
import { createStderrLogger, type Podkit, ToolRefusedError } from "@podkit/core";
import { renderPodTask, TicketClient, type TicketDetailView } from "@podkit/orchestrator-automation";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT, errorMessage, usageError } from "../cli-error.js";
import { formatRoleWarning } from "../format/role-warning-view.js";
import { openPodkit } from "../open-podkit.js";
import { authenticate } from "../session/authenticate.js";
import { resolveConfig } from "../session/resolve-config.js";
import { type IdentityFlags, toolsetOptions } from "../session/resolve-identity.js";
import { createLeaseWatch, leaseLostReason } from "./lease-watch.js";
import { writePodLog } from "./pod-log.js";
import { resolvePodModel } from "./pod-model.js";
import { decidePodOutcome } from "./pod-outcome.js";
import { createPodWorkspace, podBaseRef, requireTicketBranch } from "./pod-workspace.js";
import { recordUsage } from "./record-usage.js";
import { readWorktreeHead } from "./worktree-head.js";

/** `podkit agent`'s flags: who the Pod is, when its environment does not say. */
export interface PodAgentFlags extends IdentityFlags {
  readonly config?: string;
}

/** History entries the task is rendered from at most. */
const TASK_HISTORY = 200;

/**
 * Runs one agent Pod: reads who it is from the Pod environment, resolves its role's model and
 * opens its toolset (the ticket feature bound to its ticket, the workspace feature in its
 * worktree) — every configuration problem fails here with exit 2, before any model call — then
 * runs the model over the toolset on the rendered task, writes the transcript as JSON lines to
 * stdout, records a usage report on the ticket, and returns 0 only when the role's work was done
 * (else 1, the reason on stderr). SIGTERM or SIGINT, or a lease found lost between steps, aborts
 * the model.
 */
export async function runPodAgent(context: CliContext, flags: PodAgentFlags): Promise<number> {
  const config = resolveConfig({ config: flags.config, cwd: context.cwd, env: context.env });
  // Under `auth: required` the Pod is who its PODKIT_TOKEN says, bound to the attempt it names.
  const { identity } = await authenticate(context, config, flags, { withLeaseToken: true });
  const ticketId = identity.bindings.ticket;
  if (ticketId === undefined)
    throw usageError(
      "podkit agent works on one ticket: set PODKIT_TICKET_ID (the orchestrator does) or pass --ticket ID.",
    );
  const agent = resolvePodModel(config, identity.role, context.env);
  const workspace = createPodWorkspace({ config, cwd: context.cwd, env: context.env, identity });
  await requireTicketBranch(context.cwd, podBaseRef(config, context.env));
  const podkit = await openPodkit(config, {
    features: [workspace],
    logger: createStderrLogger(),
    onWarning: (warning) => context.stderr.write(formatRoleWarning(warning)),
  });
  try {
    requireInstalled(podkit, config.file);
    // The Pod's id with its attempt binding makes its ticket_review count for its own attempt.
    const toolset = podkit.toolset(toolsetOptions(identity));
    const client = new TicketClient(toolset);
    const ticket = await readTicket(client, ticketId, identity.role);
    const token = identity.leaseToken;
    // A Pod works on an accepted ticket; without a lease token to check, its state must say so.
    const lostAtStart =
      token === undefined
        ? ticket.state === "inprogress"
          ? undefined
          : `ticket ${ticket.id} is '${ticket.state}', not in progress: podkit agent works on a ticket an orchestrator accepted`
        : leaseLostReason(ticket, token);
    if (lostAtStart !== undefined) {
      context.stderr.write(`podkit agent: nothing started: ${lostAtStart}.\n`);
      return EXIT.refused;
    }
    const instructions = toolset.instructions();
    const task = renderPodTask({ role: identity.role, ticket, ...(token === undefined ? {} : { token }) });
    writePodLog(context.stdout, {
      type: "agent-start",
      role: identity.role,
      agentId: identity.agentId,
      ticketId,
      model: { provider: agent.model.provider, modelId: agent.model.modelId },
      tools: toolset.list().map((tool) => tool.name),
      instructions,
      task,
    });

    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) =>
      stop.abort(new Error(`${signal}: the Pod was told to stop (lease lost or timed out)`));
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    const watch =
      token === undefined
        ? undefined
        : createLeaseWatch({
            client,
            ticketId,
            token,
            onError: (error) =>
              context.stderr.write(`podkit agent: could not check the lease: ${errorMessage(error)}\n`),
          });
    const before = await readWorktreeHead(context.cwd);
    let result: Awaited<ReturnType<typeof runAgent>>;
    try {
      result = await runAgent({
        toolset,
        model: agent.model,
        instructions,
        task,
        ...limits(agent.config),
        signal: stop.signal,
        onEntry: async (entry) => {
          writePodLog(context.stdout, entry);
          // Between steps: this step's tool calls have run, the next model call has not started.
          if (entry.type !== "model-step" || watch === undefined) return;
          const lost = await watch.check();
          if (lost !== undefined) stop.abort(new Error(`lease lost: ${lost}`));
        },
      });
    } finally {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    }
    const after = await readWorktreeHead(context.cwd);
    const outcome = decidePodOutcome({
      role: identity.role,
      ticketId,
      result,
      headBefore: before.commit,
      headAfter: after.commit,
      branch: after.branch,
    });
    const usageRecorded = await recordUsage({
      client,
      toolset,
      ticketId,
      result,
      done: outcome.done,
      stderr: context.stderr,
    });
    writePodLog(context.stdout, {
      type: "agent-result",
      stopReason: result.stopReason,
      detail: result.detail,
      usage: result.usage,
      done: outcome.done,
      outcome: outcome.done ? outcome.summary : outcome.reason,
      usageRecorded,
      ...(result.error === undefined ? {} : { error: result.error }),
    });
    if (outcome.done) return EXIT.ok;
    context.stderr.write(`podkit agent: ${outcome.reason}\n`);
    return EXIT.refused;
  } finally {
    await podkit.dispose();
  }
}

function limits(config: ReturnType<typeof resolvePodModel>["config"]) {
  return {
    ...(config.maxSteps === undefined ? {} : { maxSteps: config.maxSteps }),
    ...(config.maxOutputTokens === undefined ? {} : { maxOutputTokens: config.maxOutputTokens }),
    ...(config.tokenBudget === undefined ? {} : { tokenBudget: config.tokenBudget }),
  };
}

/** Every feature installed — the ticket store open, the worktree usable — or exit 2 with the reasons. */
function requireInstalled(podkit: Podkit, file: string): void {
  if (podkit.report.skipped.length === 0) return;
  const reasons = podkit.report.skipped.map(({ featureId, reason }) => `  ${featureId}: ${reason}`);
  throw new CliError(
    "invalid_config",
    `The Pod cannot start with ${file}; nothing was started:\n${reasons.join("\n")}\npodkit agent runs in the ticket's git worktree, which the orchestrator makes for it.`,
    { exitCode: EXIT.usage },
  );
}

async function readTicket(client: TicketClient, ticketId: string, role: string): Promise<TicketDetailView> {
  try {
    return await client.show(ticketId, TASK_HISTORY);
  } catch (error) {
    if (!ToolRefusedError.isInstance(error)) throw error;
    throw usageError(
      `Cannot read ticket '${ticketId}' as role '${role}' (${error.message}); nothing was started.`,
    );
  }
}
