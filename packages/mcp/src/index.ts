/**
 * Serves one role's podkit toolset as an MCP server (over stdio or any MCP transport), following
 * tool changes and checking every call against the role.
 *
 * @module @podkit/mcp
 */
export { ERROR_META_KEY, toCallToolResult } from "./call-tool-result.js";
export { createMcpServer, type McpServerOptions } from "./create-mcp-server.js";
export { type McpTool, toMcpTools } from "./mcp-tools.js";
export { type ServeStdioOptions, type StdioMcpServer, serveStdio } from "./serve-stdio.js";
export {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  McpStdioTransport,
  type McpStdioTransportOptions,
} from "./stdio/mcp-stdio-transport.js";
