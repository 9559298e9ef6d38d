import type { JsonSchema, ToolDescriptor, Toolset } from "@podkit/core";

/** An Anthropic Messages API tool definition (`messages.create({ tools })`). */
export interface AnthropicTool {
  readonly name: string;
  readonly description: string;
  /** The tool's JSON Schema as it is (records, bounds and formats included): Anthropic takes it whole. */
  readonly input_schema: JsonSchema & { readonly type: "object" };
}

/** A `tool_use` content block of an Anthropic Messages API response. */
export interface AnthropicToolUseBlock {
  readonly type: "tool_use";
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

/** The `tool_result` content block that answers a `tool_use`, sent back in a user message. */
export interface AnthropicToolResultBlock {
  readonly type: "tool_result";
  readonly tool_use_id: string;
  readonly content: string;
  readonly is_error?: true;
}

/**
 * The role's granted tools for the Anthropic Messages API. Rendered once per registry generation;
 * each call returns a new array of the shared tool objects.
 */
export function toAnthropicTools(toolset: Toolset): AnthropicTool[] {
  return [...toolset.render("anthropic", renderAnthropicTools)];
}

function renderAnthropicTools(tools: readonly ToolDescriptor[]): AnthropicTool[] {
  return tools.map((tool) => {
    // Anthropic takes the schema without the dialect URI.
    const { $schema: _dialect, ...inputSchema } = tool.inputSchema;
    return {
      name: tool.name,
      description: tool.description,
      input_schema: { ...inputSchema, type: "object" },
    };
  });
}

/**
 * Runs a `tool_use` block through the toolset and returns its `tool_result`: the output as JSON
 * text, or on refusal `code: message` with `is_error: true`.
 */
export async function runAnthropicToolUse(
  toolset: Toolset,
  block: AnthropicToolUseBlock,
): Promise<AnthropicToolResultBlock> {
  const result = await toolset.call(block.name, block.input);
  if (!result.ok) {
    return {
      type: "tool_result",
      tool_use_id: block.id,
      content: `${result.error.code}: ${result.error.message}`,
      is_error: true,
    };
  }
  return { type: "tool_result", tool_use_id: block.id, content: JSON.stringify(result.output) ?? "null" };
}
