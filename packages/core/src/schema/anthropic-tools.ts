import type { ToolDescriptor } from "../tool-descriptor.js";
import type { JsonSchema } from "./json-schema.js";

/** An Anthropic Messages API tool definition. */
export interface AnthropicTool {
  readonly name: string;
  readonly description: string;
  readonly input_schema: JsonSchema;
}

/** Renders tools for the Anthropic Messages API. */
export function toAnthropicTools(tools: readonly ToolDescriptor[]): AnthropicTool[] {
  return tools.map((tool) => {
    const { $schema: _dialect, ...inputSchema } = tool.inputSchema;
    return {
      name: tool.name,
      description: tool.description,
      input_schema: { ...inputSchema, type: "object" },
    };
  });
}
