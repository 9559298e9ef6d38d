import type { LanguageModelV3 } from "@ai-sdk/provider";
import { PodkitError, type Toolset } from "@podkit/core";
import { toAiSdkTools } from "@podkit/providers";
import { generateText, type StepResult, type StopCondition, stepCountIs, type ToolSet } from "ai";
import { AgentLimitsSchema, DEFAULT_MAX_STEPS } from "./agent-config.js";
import { AgentError } from "./agent-error.js";
import { type AgentResult, type AgentRunError, tokensUsed, totalUsage } from "./agent-result.js";
import { type AgentStop, decideStop } from "./agent-stop.js";
import { inAgentSpan, tracedModel, tracedTools } from "./agent-tracing.js";
import { formatIssues } from "./format-issues.js";
import { type TranscriptEntry, transcriptEntriesOf } from "./transcript.js";

/** What `runAgent` needs: a role's toolset, a model, the prompt and the limits. */
export interface RunAgentOptions {
  /** The role's toolset; the model is offered exactly its granted tools, and every call goes through it. */
  readonly toolset: Toolset;
  /** An AI SDK language model, e.g. from `resolveAgentModel`. */
  readonly model: LanguageModelV3;
  /** The system prompt: what the role is for and how it finishes. */
  readonly instructions?: string;
  /** The user prompt: the work to do. */
  readonly task: string;
  /** Model calls in one run, at most; default {@link DEFAULT_MAX_STEPS}. */
  readonly maxSteps?: number;
  /** Output tokens of one model call, at most; the provider's default when absent. */
  readonly maxOutputTokens?: number;
  /**
   * Input + output tokens of all model calls, as the provider reports them. Checked after every
   * step: once reached, no further model call starts. Each call's output is capped at what is left,
   * so only the last call's input can go past it.
   */
  readonly tokenBudget?: number;
  /** Aborts the run: the model call in flight is cancelled, and the result says `aborted`. */
  readonly signal?: AbortSignal;
  /** How often the AI SDK retries a failed model call (default 2). */
  readonly maxRetries?: number;
  /**
   * Called with each transcript entry as soon as its step has finished, in order and awaited (e.g.
   * to append JSON lines to a log). If it throws, the run stops with `error`.
   */
  readonly onEntry?: (entry: TranscriptEntry) => void | Promise<void>;
}

/**
 * Runs a model in a tool loop over one role's toolset, on the AI SDK's `generateText`: the tools are
 * the toolset rendered by `@podkit/providers`, refusals reach the model as tool errors
 * (`code: message`) it can act on, and the loop stops at the step limit, the token budget, an abort
 * or an error. It never throws for something the model or a provider did; the result says why it
 * stopped, with the transcript so far. The run, each model call and each tool call are spans
 * ({@link AGENT_OPERATIONS}; no-ops unless the host registered an OpenTelemetry SDK).
 * @throws AgentError with code `invalid_agent_config` for limits that are not positive integers.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentResult> {
  const limits = checkLimits(options);
  return inAgentSpan(options.toolset, options.model, () => run(options, limits));
}

async function run(options: RunAgentOptions, limits: ReturnType<typeof checkLimits>): Promise<AgentResult> {
  const maxSteps = limits.maxSteps ?? DEFAULT_MAX_STEPS;
  const { tokenBudget, maxOutputTokens } = limits;
  const transcript: TranscriptEntry[] = [];
  const steps: StepResult<ToolSet>[] = [];
  // A failing `onEntry` aborts the run through this controller: the AI SDK swallows callback errors.
  const entryFailure = new AbortController();
  let entryError: unknown;
  const signal =
    options.signal === undefined
      ? entryFailure.signal
      : AbortSignal.any([options.signal, entryFailure.signal]);

  const budgetReached: StopCondition<ToolSet> = ({ steps: done }) =>
    tokenBudget !== undefined && tokensUsed(done) >= tokenBudget;

  const finish = (stop: AgentStop, error?: AgentRunError): AgentResult => {
    return {
      stopReason: stop.reason,
      detail: stop.detail,
      text: steps.at(-1)?.text ?? "",
      transcript,
      usage: totalUsage(steps),
      model: { provider: options.model.provider, modelId: options.model.modelId },
      ...(error === undefined ? {} : { error }),
    };
  };

  const failed = (cause: unknown): AgentResult => {
    const prefix = cause === entryError ? "onEntry failed: " : "";
    return finish({ reason: "error", detail: `${prefix}${describe(cause)}` }, runError(cause));
  };

  const aborted = (reason: unknown): AgentResult =>
    finish({ reason: "aborted", detail: `Aborted: ${describe(reason)}` });

  // The AI SDK leaves a signal aborted before the first call to the model; no call should start.
  if (options.signal?.aborted === true) return aborted(options.signal.reason);
  try {
    await generateText({
      model: tracedModel(options.model),
      tools: tracedTools(toAiSdkTools(options.toolset)),
      ...(options.instructions === undefined ? {} : { system: options.instructions }),
      prompt: options.task,
      stopWhen: [budgetReached, stepCountIs(maxSteps)],
      ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
      ...(tokenBudget === undefined
        ? {}
        : {
            prepareStep: ({ steps: done }) => {
              const left = tokenBudget - tokensUsed(done);
              return { maxOutputTokens: Math.min(left, maxOutputTokens ?? left) };
            },
          }),
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      abortSignal: signal,
      onStepFinish: async (step) => {
        if (entryError !== undefined) return;
        steps.push(step);
        try {
          for (const entry of transcriptEntriesOf(step, steps.length)) {
            transcript.push(entry);
            await options.onEntry?.(entry);
          }
        } catch (error) {
          entryError = error;
          entryFailure.abort(error);
        }
      },
    });
  } catch (error) {
    // Read again through a call: TypeScript still holds the check made before the run.
    if (options.signal !== undefined && isAborted(options.signal)) return aborted(options.signal.reason);
    return failed(entryError ?? error);
  }
  // The last step's `onEntry` can fail after the loop has already ended.
  if (entryError !== undefined) return failed(entryError);
  return finish(decideStop(steps, { maxSteps, tokenBudget, tokensUsed: tokensUsed(steps) }));
}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function checkLimits(options: RunAgentOptions) {
  const parsed = AgentLimitsSchema.safeParse({
    maxSteps: options.maxSteps,
    maxOutputTokens: options.maxOutputTokens,
    tokenBudget: options.tokenBudget,
  });
  if (!parsed.success) {
    throw new AgentError("invalid_agent_config", `Invalid runAgent limits:\n${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

function runError(error: unknown): AgentRunError {
  const name = error instanceof Error ? error.name : typeof error;
  const code = PodkitError.isInstance(error) ? { code: error.code } : {};
  return { name, message: describe(error), ...code };
}

/** A thrown value or abort reason in words. */
function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === "string") return reason;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
