/**
 * An LLM tool loop on the Vercel AI SDK over one role's podkit toolset: `runAgent` with a step
 * limit, a token budget, abort and a transcript, models resolved from `provider:model-id`
 * configuration, and scripted models for offline runs.
 *
 * @module @podkit/agent
 */
export {
  type AgentConfig,
  AgentConfigSchema,
  type AgentLimits,
  AgentLimitsSchema,
  type AgentsConfig,
  AgentsConfigSchema,
  DEFAULT_MAX_STEPS,
  MODEL_SPEC_PATTERN,
} from "./agent-config.js";
export { AgentError, type AgentErrorCode } from "./agent-error.js";
export type { AgentResult, AgentRunError, AgentUsage } from "./agent-result.js";
export type { AgentStopReason } from "./agent-stop.js";
export { AGENT_OPERATIONS } from "./agent-tracing.js";
export type { JsonValue } from "./json-value.js";
export { MODEL_PROVIDERS, type ResolveAgentModelOptions, resolveAgentModel } from "./resolve-agent-model.js";
export { type RunAgentOptions, runAgent } from "./run-agent.js";
export {
  loadModelScript,
  type ModelScript,
  ModelScriptSchema,
  parseModelScript,
  type ScriptMatch,
  type ScriptReply,
} from "./scripted/model-script.js";
export {
  ScriptedLanguageModel,
  type ScriptedLanguageModelOptions,
} from "./scripted/scripted-language-model.js";
export { createScriptedProvider, type ScriptedProviderOptions } from "./scripted/scripted-provider.js";
export type { ModelStepEntry, StepUsage, ToolCallEntry, TranscriptEntry } from "./transcript.js";
