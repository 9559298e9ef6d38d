import { type ToolDescriptor, ToolRefusedError, type Toolset } from "@podkit/core";
import { jsonSchema, type Tool, tool } from "ai";

/** An AI SDK tool set: tool name to `tool(...)`, for `generateText({ tools })` and friends. */
export type AiSdkToolSet = Readonly<Record<string, Tool<unknown, unknown>>>;

/**
 * The role's granted tools as Vercel AI SDK tools, built with the SDK's own `tool` and `jsonSchema`
 * helpers. `execute` goes through the toolset (nulls mapped to absent, for strict-mode providers);
 * a refusal throws {@link ToolRefusedError}, which the SDK turns into a `tool-error` the model reads.
 */
export function toAiSdkTools(toolset: Toolset): AiSdkToolSet {
  return toolset.render("ai-sdk", (descriptors) =>
    Object.fromEntries(descriptors.map((descriptor) => [descriptor.name, toAiSdkTool(toolset, descriptor)])),
  );
}

function toAiSdkTool(toolset: Toolset, descriptor: ToolDescriptor): Tool<unknown, unknown> {
  // Providers get the schema without the dialect URI, as Anthropic's tool format does too.
  const { $schema: _dialect, ...inputSchema } = descriptor.inputSchema;
  return tool<unknown, unknown>({
    description: descriptor.description,
    // No `validate`: the toolset validates, and returns errors the model can act on.
    inputSchema: jsonSchema<unknown>({ ...inputSchema, type: "object" }),
    execute: async (input) => {
      const result = await toolset.call(descriptor.name, input, { nullsAsAbsent: true });
      if (!result.ok) throw new ToolRefusedError(descriptor.name, result.error);
      return result.output;
    },
  });
}
