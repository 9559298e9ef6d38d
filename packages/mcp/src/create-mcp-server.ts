import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { PodkitEmitter, ToolDescriptor, Toolset } from "@podkit/core";
// By package name (a self-reference), so it resolves the same from src/, dist/ and a bundle.
import packageJson from "@podkit/mcp/package.json" with { type: "json" };
import { toCallToolResult } from "./call-tool-result.js";
import { type McpTool, renderMcpTools } from "./mcp-tools.js";

const PACKAGE_VERSION = packageJson.version;

/** How `createMcpServer` presents a toolset to MCP clients: name, version, instructions, and the event bus that keeps the tool list current. */
export interface McpServerOptions {
  /** The server name clients show; `podkit` by default. */
  readonly name?: string;
  /** The server version clients show; this package's version by default. */
  readonly version?: string;
  /** Shown to the client at initialization, e.g. what this role is for. */
  readonly instructions?: string;
  /**
   * The registry's event bus (`podkit.registry.events`). With it the server follows
   * `tools-changed` and sends `notifications/tools/list_changed` when this role's tools change.
   */
  readonly events?: PodkitEmitter;
  /**
   * Map `null` to an absent field before validation, for hosts that hand MCP tools to a model in
   * OpenAI strict mode (optional fields become nullable there). Off by default.
   */
  readonly nullsAsAbsent?: boolean;
}

interface McpListing {
  readonly tools: McpTool[];
  readonly byName: ReadonlyMap<string, McpTool>;
}

/** Rendered once per registry generation: tool definitions and an index for output schemas. */
function renderListing(tools: readonly ToolDescriptor[]): McpListing {
  const rendered = renderMcpTools(tools);
  return { tools: rendered, byName: new Map(rendered.map((tool) => [tool.name, tool])) };
}

/**
 * An MCP server (the SDK's low-level `Server`) for one toolset: `tools/list` shows exactly the
 * tools the role is granted, with their JSON Schemas and hints; `tools/call` goes through
 * `toolset.call`, so grant and scope are checked on every call and refusals come back as
 * `isError` results with the podkit code. Connect it to any transport with `server.connect`.
 */
export function createMcpServer(toolset: Toolset, options: McpServerOptions = {}): Server {
  const server = new Server(
    { name: options.name ?? "podkit", version: options.version ?? PACKAGE_VERSION },
    {
      capabilities: { tools: { listChanged: options.events !== undefined } },
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    },
  );
  const listing = () => toolset.render("@podkit/mcp", renderListing);
  const callOptions = { nullsAsAbsent: options.nullsAsAbsent ?? false };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing().tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: input } = request.params;
    const result = await toolset.call(name, input ?? {}, callOptions);
    return toCallToolResult(result, listing().byName.get(name));
  });

  if (options.events !== undefined) {
    const unsubscribe = followToolChanges(server, toolset, options.events);
    const previous = server.onclose;
    server.onclose = () => {
      unsubscribe();
      previous?.();
    };
  }
  return server;
}

/**
 * Sends `notifications/tools/list_changed` when a registry change alters what this role sees:
 * a feature installed that grants the role nothing sends no notification.
 */
function followToolChanges(server: Server, toolset: Toolset, events: PodkitEmitter): () => void {
  let announced = toolset.list();
  return events.on("tools-changed", async () => {
    const current = toolset.list();
    if (sameTools(announced, current)) return;
    announced = current;
    // Before a client connects there is nobody to tell; it lists tools when it connects.
    if (server.transport === undefined) return;
    await server.sendToolListChanged().catch(() => undefined);
  });
}

/** Descriptors are cached per tool and grant rule, so identity says whether anything changed. */
function sameTools(left: readonly ToolDescriptor[], right: readonly ToolDescriptor[]): boolean {
  return left.length === right.length && left.every((tool, index) => tool === right[index]);
}
