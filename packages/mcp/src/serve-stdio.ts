import type { Readable, Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Toolset } from "@podkit/core";
import { createMcpServer, type McpServerOptions } from "./create-mcp-server.js";

export interface ServeStdioOptions extends McpServerOptions {
  /** Where requests come from; `process.stdin` by default. */
  readonly stdin?: Readable;
  /** Where responses go; `process.stdout` by default. Nothing else may write there. */
  readonly stdout?: Writable;
}

/** A running stdio MCP server. */
export interface StdioMcpServer {
  readonly server: Server;
  /** Settles when the server closes: the client closed stdin, or `close()` was called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves a toolset over stdio, the transport MCP clients use for a local command. The server
 * closes when the client closes stdin; `closed` then settles so the host can dispose and exit.
 * Log to stderr only: stdout carries the protocol.
 */
export async function serveStdio(toolset: Toolset, options: ServeStdioOptions = {}): Promise<StdioMcpServer> {
  const { stdin = process.stdin, stdout = process.stdout, ...serverOptions } = options;
  const server = createMcpServer(toolset, serverOptions);
  const closed = new Promise<void>((resolve) => {
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  // The SDK's stdio transport does not watch for end of input; without this a client that
  // exits would leave the server running.
  const onEnd = () => void server.close();
  stdin.once("end", onEnd);
  void closed.then(() => stdin.off("end", onEnd));
  await server.connect(new StdioServerTransport(stdin, stdout));
  return { server, closed, close: () => server.close() };
}
