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
