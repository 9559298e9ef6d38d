import type { StepResult, ToolSet } from "ai";

/**
 * Why a run ended.
 * - `finished`: the model ended its turn without asking for a tool (finish reason `stop` or `other`).
 * - `max_steps`: it still wanted tools after `maxSteps` model calls.
 * - `budget`: input + output tokens reached `tokenBudget`, so no further model call was made.
 * - `max_output_tokens`: a model call was cut off at `maxOutputTokens` (finish reason `length`).
 * - `content_filter`: the provider's content filter stopped the model.
 * - `aborted`: the caller's `signal` aborted the run.
 * - `error`: a model call failed (after the AI SDK's retries), the model reported an error, or an
 *   `onEntry` callback threw.
 */
export type AgentStopReason =
  | "finished"
  | "max_steps"
  | "budget"
  | "max_output_tokens"
  | "content_filter"
  | "aborted"
  | "error";

/** A stop reason with one sentence that says what happened, for logs and reports. */
export interface AgentStop {
  readonly reason: AgentStopReason;
  readonly detail: string;
}

/** What decides a completed run's stop reason besides its steps. */
export interface StopLimits {
  readonly maxSteps: number;
  readonly tokenBudget: number | undefined;
  /** Input + output tokens of every step. */
  readonly tokensUsed: number;
}

/** Why `generateText` returned, from its last step and the limits the run had. */
export function decideStop(steps: readonly StepResult<ToolSet>[], limits: StopLimits): AgentStop {
  const last = steps.at(-1);
  if (last === undefined) return { reason: "error", detail: "The model made no step." };
  const budgetReached = limits.tokenBudget !== undefined && limits.tokensUsed >= limits.tokenBudget;
  const budgetDetail = `Used ${limits.tokensUsed} tokens (input + output) of a budget of ${limits.tokenBudget}.`;
  if (wantedMoreTools(last)) {
    // The AI SDK stopped the loop on one of our two stop conditions; the budget is checked first.
    if (budgetReached) return { reason: "budget", detail: budgetDetail };
    return {
      reason: "max_steps",
      detail: `The model still wanted tools after the step limit of ${limits.maxSteps} steps.`,
    };
  }
  const raw = last.rawFinishReason === undefined ? "" : ` (provider: '${last.rawFinishReason}')`;
  switch (last.finishReason) {
    case "length":
      // A step's output is capped at what is left of the budget, so the budget may be what cut it.
      if (budgetReached) return { reason: "budget", detail: budgetDetail };
      return {
        reason: "max_output_tokens",
        detail: `The model's output was cut off at the output token limit${raw}.`,
      };
    case "content-filter":
      return { reason: "content_filter", detail: `The provider's content filter stopped the model${raw}.` };
    case "error":
      return { reason: "error", detail: `The model reported an error${raw}.` };
    default:
      return {
        reason: "finished",
        detail: `The model finished after ${steps.length} step${steps.length === 1 ? "" : "s"}${raw}.`,
      };
  }
}

/** The step asked for tools and every one of them ran: the loop would have gone on. */
function wantedMoreTools(step: StepResult<ToolSet>): boolean {
  const calls = step.content.filter((part) => part.type === "tool-call");
  if (calls.length === 0) return false;
  return calls.every((call) =>
    step.content.some(
      (part) =>
        (part.type === "tool-result" || part.type === "tool-error") && part.toolCallId === call.toolCallId,
    ),
  );
}
