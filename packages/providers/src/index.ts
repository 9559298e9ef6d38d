export { type AiSdkToolSet, toAiSdkTools } from "./ai-sdk-tools.js";
export {
  type AnthropicToolResultBlock,
  type AnthropicToolUseBlock,
  runAnthropicToolUse,
  toAnthropicTools,
} from "./anthropic-tools.js";
export {
  estimateToolListTokens,
  formatToolListCost,
  TOOL_LIST_COST_METHOD,
  type ToolListCost,
} from "./estimate-tool-list-tokens.js";
export {
  callOpenAiTool,
  type OpenAiChatToolCall,
  type OpenAiFunctionCallItem,
  type OpenAiFunctionCallOutput,
  type OpenAiToolMessage,
  toOpenAiTools,
} from "./openai-tools.js";
