import type { AgentResult } from "@podkit/agent";
import type { Toolset } from "@podkit/core";
import { formatUsageReport, type TicketClient } from "@podkit/orchestrator-automation";
import type { TextSink } from "../cli-context.js";
import { errorMessage } from "../cli-error.js";

/**
 * Records what the run cost on the ticket, as a comment (the `thread` capability coder and
 * reviewer hold, scoped to their ticket). A role that cannot comment, or a store that refuses,
 * costs only the record: the run's outcome stands, and the log has the same numbers.
 */
export async function recordUsage(options: {
  readonly client: TicketClient;
  readonly toolset: Toolset;
  readonly ticketId: string;
  readonly result: AgentResult;
  readonly done: boolean;
  readonly stderr: TextSink;
}): Promise<boolean> {
  const { result, toolset, stderr } = options;
  if (!toolset.has("ticket_comment")) {
    stderr.write(`podkit agent: usage not recorded: role '${toolset.actor.role}' has no ticket_comment.\n`);
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
    stderr.write(`podkit agent: usage not recorded on ${options.ticketId}: ${errorMessage(error)}\n`);
    return false;
  }
}
