import type { JsonSchema, ToolDescriptor, Toolset } from "@podkit/core";

/** A tool as listed by an MCP server (`tools/list`), with JSON Schema 2020-12 schemas. */
export interface McpTool {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: JsonSchema & { readonly type: "object" };
  readonly outputSchema?: JsonSchema & { readonly type: "object" };
  readonly annotations: {
    readonly title?: string;
    readonly readOnlyHint: boolean;
    readonly destructiveHint: boolean;
    readonly idempotentHint: boolean;
    readonly openWorldHint: boolean;
  };
}

/**
 * The role's granted tools as MCP `tools/list` entries (cached per registry generation); an
 * output schema is included only when it describes an object.
 */
export function toMcpTools(toolset: Toolset): readonly McpTool[] {
  return toolset.render("mcp", renderMcpTools);
}

/** Renders tool descriptors for MCP `tools/list`; the server renders its listing with this. */
export function renderMcpTools(tools: readonly ToolDescriptor[]): McpTool[] {
  return tools.map((tool) => ({
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    inputSchema: { ...tool.inputSchema, type: "object" },
    ...(tool.outputSchema.type === "object"
      ? { outputSchema: tool.outputSchema as McpTool["inputSchema"] }
      : {}),
    annotations: {
      ...(tool.title === undefined ? {} : { title: tool.title }),
      readOnlyHint: tool.hints.readOnly,
      destructiveHint: tool.hints.destructive,
      idempotentHint: tool.hints.idempotent,
      openWorldHint: false,
    },
  }));
}
