import { type ToolErrorPayload, ToolRefusedError, type ToolResult } from "@podkit/core";
import { type FinishReason, InvalidToolInputError, NoSuchToolError, type StepResult, type ToolSet } from "ai";
import { type JsonValue, toJsonValue } from "./json-value.js";

/** Tokens one model call used, as its provider reported them (0 when it reported none). */
export interface StepUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** One model call: what the model said, which tools it asked for, why it stopped, what it cost. */
export interface ModelStepEntry {
  readonly type: "model-step";
  /** 1 for the first model call of the run. */
  readonly step: number;
  readonly provider: string;
  readonly modelId: string;
  /** The model's text in this step; may be empty when it only called tools. */
  readonly text: string;
  /** The model's reasoning text, when the provider returns it. */
  readonly reasoning?: string;
  /** The tool calls it asked for, in order; each has a `tool-call` entry after this one. */
  readonly toolCalls: readonly { readonly toolCallId: string; readonly toolName: string }[];
  /** The AI SDK's unified finish reason: `stop`, `tool-calls`, `length`, `content-filter`, `error`, `other`. */
  readonly finishReason: FinishReason;
  readonly usage: StepUsage;
}

/** One tool call the model made and what the toolset answered, as the model saw it. */
export interface ToolCallEntry {
  readonly type: "tool-call";
  /** The model step that asked for it. */
  readonly step: number;
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: JsonValue;
  /**
   * The toolset's answer: the output, or a refusal with its code (`unknown_tool`, `invalid_input`,
   * `out_of_scope`, …). `null` when the call never ran (the model's output was cut off first).
   */
  readonly result: ToolResult<JsonValue> | null;
}

/** One line of an agent's transcript; every field is JSON. */
export type TranscriptEntry = ModelStepEntry | ToolCallEntry;

/** The usage the AI SDK reports for a step, with unreported counts as 0. */
export function stepUsage(step: Pick<StepResult<ToolSet>, "usage">): StepUsage {
  return { inputTokens: step.usage.inputTokens ?? 0, outputTokens: step.usage.outputTokens ?? 0 };
}

/** A finished AI SDK step as transcript entries: the model step, then each tool call with its result. */
export function transcriptEntriesOf(step: StepResult<ToolSet>, stepNumber: number): TranscriptEntry[] {
  const calls = step.content.flatMap((part) => (part.type === "tool-call" ? [part] : []));
  const modelStep: ModelStepEntry = {
    type: "model-step",
    step: stepNumber,
    provider: step.model.provider,
    modelId: step.model.modelId,
    text: step.text,
    ...(step.reasoningText === undefined || step.reasoningText === ""
      ? {}
      : { reasoning: step.reasoningText }),
    toolCalls: calls.map((call) => ({ toolCallId: call.toolCallId, toolName: call.toolName })),
    finishReason: step.finishReason,
    usage: stepUsage(step),
  };
  const toolCalls = calls.map((call): ToolCallEntry => {
    let result: ToolResult<JsonValue> | null = null;
    for (const part of step.content) {
      if (part.type === "tool-result" && part.toolCallId === call.toolCallId) {
        result = { ok: true, output: toJsonValue(part.output) };
      } else if (part.type === "tool-error" && part.toolCallId === call.toolCallId) {
        const invalidCallError = call.dynamic === true && call.invalid === true ? call.error : undefined;
        result = { ok: false, error: toolErrorPayload(part.error, invalidCallError) };
      }
    }
    return {
      type: "tool-call",
      step: stepNumber,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: toJsonValue(call.input),
      result,
    };
  });
  return [modelStep, ...toolCalls];
}

/**
 * A tool error as a podkit refusal. The toolset's own refusals keep their code; a call the AI SDK
 * rejected before it reached the toolset (a tool the role lacks, arguments that are not JSON) gets
 * the code the toolset would have used, and the message the model actually read.
 */
function toolErrorPayload(error: unknown, invalidCallError: unknown): ToolErrorPayload {
  if (ToolRefusedError.isInstance(error)) return error.refusal;
  const message = error instanceof Error ? error.message : String(error);
  if (NoSuchToolError.isInstance(invalidCallError)) return { code: "unknown_tool", message };
  if (InvalidToolInputError.isInstance(invalidCallError)) return { code: "invalid_input", message };
  return { code: "internal", message };
}
