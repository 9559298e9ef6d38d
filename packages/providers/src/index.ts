/**
 * A podkit toolset in the tool formats of OpenAI (Chat and Responses), Anthropic and the Vercel AI
 * SDK, with helpers that route the model's calls back through the toolset, and estimates of what a
 * tool list costs in tokens.
 *
 * @module @podkit/providers
 */
export {
  type AiSdkApprovalPolicy,
  type AiSdkToolChoice,
  type AiSdkToolSet,
  type AiSdkToolsOptions,
  toAiSdkTools,
} from "./ai-sdk-tools.js";
export {
  type AnthropicTool,
  type AnthropicToolResultBlock,
  type AnthropicToolUseBlock,
  runAnthropicToolUse,
  toAnthropicTools,
} from "./anthropic-tools.js";
export {
  estimateRolePromptTokens,
  formatRolePromptCost,
  type RolePromptCost,
} from "./estimate-role-prompt-tokens.js";
export {
  estimateToolListTokens,
  formatToolListCost,
  type ToolListCost,
} from "./estimate-tool-list-tokens.js";
export { checkOpenAiStrictSchema } from "./openai-strict-check.js";
export {
  callOpenAiTool,
  type OpenAiChatToolCall,
  type OpenAiFunctionCallItem,
  type OpenAiFunctionCallOutput,
  type OpenAiFunctionTool,
  type OpenAiResponsesFunctionTool,
  type OpenAiToolMessage,
  toOpenAiResponsesTools,
  toOpenAiTools,
} from "./openai-tools.js";
