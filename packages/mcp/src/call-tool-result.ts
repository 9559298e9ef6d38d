import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolResult } from "@podkit/core";
import type { McpTool } from "./mcp-tools.js";

/** The `_meta` key under which a refused call carries its podkit `{ code, message }`. */
export const ERROR_META_KEY = "podkit/error";

/**
 * Turns a toolset result into an MCP `tools/call` result. A success of a tool with an output
 * schema is `structuredContent` plus a JSON text copy for clients that read only `content`.
 * A refusal is `isError: true` with the text `code: message` and the payload under `_meta`:
 * the SDK's client checks any `structuredContent` against the tool's output schema, errors
 * included, so an error object there would turn a readable refusal into a protocol error.
 */
export function toCallToolResult(result: ToolResult, tool: McpTool | undefined): CallToolResult {
  if (!result.ok) {
    const { code, message } = result.error;
    return {
      isError: true,
      content: [{ type: "text", text: `${code}: ${message}` }],
      _meta: { [ERROR_META_KEY]: { code, message } },
    };
  }
  const text = JSON.stringify(result.output) ?? "null";
  const structured = tool?.outputSchema !== undefined && isRecord(result.output);
  return {
    content: [{ type: "text", text }],
    ...(structured ? { structuredContent: result.output as Record<string, unknown> } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
