import type { Readable, Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Toolset } from "@podkit/core";
import { createMcpServer, type McpServerOptions } from "./create-mcp-server.js";
import { McpStdioTransport } from "./stdio/mcp-stdio-transport.js";

/** What `serveStdio` serves over stdin/stdout: the MCP server options plus the streams and limits. */
export interface ServeStdioOptions extends McpServerOptions {
  /** Where requests come from; `process.stdin` by default. */
  readonly stdin?: Readable;
  /** Where responses go; `process.stdout` by default. Nothing else may write there. */
  readonly stdout?: Writable;
  /** The longest message read, in bytes (10 MiB by default); a longer one is refused and skipped. */
  readonly maxMessageBytes?: number;
  /** After the client closes stdin, how long calls still running may take to be answered (30 s by default). */
  readonly drainTimeoutMs?: number;
  /**
   * Where the server reports what it refused or dropped, and protocol errors, one line each;
   * `podkit mcp: …` on `process.stderr` by default. Never stdout: that carries the protocol.
   */
  readonly log?: (line: string) => void;
}

/** A running stdio MCP server. */
export interface StdioMcpServer {
  readonly server: Server;
  /** Settles when the server closes: the client closed stdin and every call was answered, or `close()` was called. */
  readonly closed: Promise<void>;
  /** Closes at once, without waiting for calls in flight. */
  close(): Promise<void>;
}

/**
 * Serves a toolset over stdio, the transport MCP clients use for a local command. Every message
 * that is not valid JSON-RPC, or too long, or out of the session's order (anything but `ping`
 * before `initialize`) is answered with its JSON-RPC error and logged, and serving goes on. When
 * the client closes stdin, the calls in flight are answered, then the server closes and `closed`
 * settles so the host can dispose and exit.
 */
export async function serveStdio(toolset: Toolset, options: ServeStdioOptions = {}): Promise<StdioMcpServer> {
  const {
    stdin = process.stdin,
    stdout = process.stdout,
    maxMessageBytes,
    drainTimeoutMs,
    log = (line: string) => process.stderr.write(`podkit mcp: ${line}\n`),
    ...serverOptions
  } = options;
  const server = createMcpServer(toolset, serverOptions);
  const closed = new Promise<void>((resolve) => {
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  // The SDK's Server reports what it cannot handle (a response to no request, a failed send) here.
  server.onerror ??= (error) => log(error.message);
  const transport = new McpStdioTransport({
    stdin,
    stdout,
    log,
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    ...(drainTimeoutMs === undefined ? {} : { drainTimeoutMs }),
  });
  await server.connect(transport);
  return { server, closed, close: () => server.close() };
}
