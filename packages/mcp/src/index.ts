export { ERROR_META_KEY, toCallToolResult } from "./call-tool-result.js";
export { createMcpServer, type McpServerOptions } from "./create-mcp-server.js";
export { type McpTool, toMcpTools } from "./mcp-tools.js";
export { type ServeStdioOptions, type StdioMcpServer, serveStdio } from "./serve-stdio.js";
