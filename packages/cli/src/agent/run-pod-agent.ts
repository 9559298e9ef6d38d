import { runAgent } from "@podkit/agent";
import { createStderrLogger, type Podkit, ToolRefusedError, type Toolset } from "@podkit/core";
import {
  formatUsageReport,
  renderPodTask,
  TicketClient,
  type TicketDetailView,
} from "@podkit/orchestrator-automation";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT, errorMessage, usageError } from "../cli-error.js";
import { openPodkit } from "../open-podkit.js";
import { resolveConfig } from "../session/resolve-config.js";
import { type IdentityFlags, resolveIdentity } from "../session/resolve-identity.js";
import { createLeaseWatch, leaseLostReason } from "./lease-watch.js";
import { writePodLog } from "./pod-log.js";
import { resolvePodModel } from "./pod-model.js";
import { decidePodOutcome } from "./pod-outcome.js";
import { createPodWorkspace } from "./pod-workspace.js";
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
  const identity = resolveIdentity(flags, context.env, { withLeaseToken: true });
  const ticketId = identity.bindings.ticket;
  if (ticketId === undefined)
    throw usageError(
      "podkit agent works on one ticket: set PODKIT_TICKET_ID (the orchestrator does) or pass --ticket ID.",
    );
  const config = resolveConfig({ config: flags.config, cwd: context.cwd, env: context.env });
  const agent = resolvePodModel(config, identity.role, context.env);
  const workspace = createPodWorkspace({ config, cwd: context.cwd, env: context.env, identity });
  const podkit = await openPodkit(config, { features: [workspace], logger: createStderrLogger() });
  try {
    requireInstalled(podkit, config.file);
    // The Pod's id with its attempt binding makes its ticket_review count for its own attempt.
    const podId = context.env[POD_ENV.podId];
    const toolset = podkit.toolset({
      role: identity.role,
      agentId: identity.agentId,
      bindings: identity.bindings,
      ...(podId === undefined || podId === "" ? {} : { podId }),
    });
    const client = new TicketClient(toolset);
    const ticket = await readTicket(client, ticketId, identity.role);
    const token = identity.leaseToken;
    const lostAtStart = token === undefined ? undefined : leaseLostReason(ticket, token);
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
      context,
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

/**
 * Records what the run cost on the ticket, as a comment (the `thread` capability coder and
 * reviewer hold, scoped to their ticket). A role that cannot comment, or a store that refuses,
 * costs only the record: the run's outcome stands, and the log has the same numbers.
 */
async function recordUsage(options: {
  readonly client: TicketClient;
  readonly toolset: Toolset;
  readonly ticketId: string;
  readonly result: Awaited<ReturnType<typeof runAgent>>;
  readonly done: boolean;
  readonly context: CliContext;
}): Promise<boolean> {
  const { result, toolset, context } = options;
  if (!toolset.has("ticket_comment")) {
    context.stderr.write(
      `podkit agent: usage not recorded: role '${toolset.actor.role}' has no ticket_comment.\n`,
    );
    return false;
  }
  const body = formatUsageReport({
    podId: toolset.actor.agentId,
    role: toolset.actor.role,
    model: `${result.model.provider}:${result.model.modelId}`,
    stopReason: result.stopReason,
    done: options.done,
    steps: result.usage.steps,
    toolCalls: result.usage.toolCalls,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    totalTokens: result.usage.totalTokens,
  });
  try {
    await options.client.comment(options.ticketId, body);
    return true;
  } catch (error) {
    context.stderr.write(`podkit agent: usage not recorded on ${options.ticketId}: ${errorMessage(error)}\n`);
    return false;
  }
}
