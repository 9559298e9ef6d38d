import type { StepResult, ToolSet } from "ai";
import type { AgentStopReason } from "./agent-stop.js";
import { stepUsage, type TranscriptEntry } from "./transcript.js";

/** Tokens and steps of a whole run. */
export interface AgentUsage {
  /** Input tokens of every completed model call, as the provider reported them. */
  readonly inputTokens: number;
  /** Output tokens (reasoning included, as providers count it) of every completed model call. */
  readonly outputTokens: number;
  /** `inputTokens + outputTokens`: what the token budget counts. */
  readonly totalTokens: number;
  /** Completed model calls. */
  readonly steps: number;
  /** Tool calls the model made, refused ones included. */
  readonly toolCalls: number;
}

/** The error that ended a run with `error`, as JSON. */
export interface AgentRunError {
  readonly name: string;
  readonly message: string;
  /** A podkit error's code (e.g. a scripted model's `script_no_match`). */
  readonly code?: string;
}

/** How a run went; every field is JSON, so it can be logged or stored as is. */
export interface AgentResult {
  readonly stopReason: AgentStopReason;
  /** One sentence on why the run stopped. */
  readonly detail: string;
  /** The model's text in its last completed step. */
  readonly text: string;
  readonly transcript: readonly TranscriptEntry[];
  readonly usage: AgentUsage;
  readonly model: { readonly provider: string; readonly modelId: string };
  /** Present when `stopReason` is `error`. */
  readonly error?: AgentRunError;
}

/** Input + output tokens of these steps: what the token budget counts. */
export function tokensUsed(steps: readonly StepResult<ToolSet>[]): number {
  return totalUsage(steps).totalTokens;
}

/** Tokens, steps and tool calls of these steps. */
export function totalUsage(steps: readonly StepResult<ToolSet>[]): AgentUsage {
  let inputTokens = 0;
  let outputTokens = 0;
  let toolCalls = 0;
  for (const step of steps) {
    const usage = stepUsage(step);
    inputTokens += usage.inputTokens;
    outputTokens += usage.outputTokens;
    toolCalls += step.toolCalls.length;
  }
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    steps: steps.length,
    toolCalls,
  };
}
