import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { addInputShape, addOutputShape, handleAdd } from "./add-tool.js";

/** An official MCP SDK client connected in memory to an `McpServer` that registers the add tool. */
export interface McpPair {
  readonly client: Client;
  close(): Promise<void>;
}

/**
 * Registers the same tool with `registerTool` (zod shapes in, structured output out) and
 * connects a `Client` through `InMemoryTransport.createLinkedPair()`, then lists tools once —
 * as a real client does, and so the client validates `structuredContent` against the output schema.
 */
export async function createMcpPair(name: string): Promise<McpPair> {
  const server = new McpServer({ name: "podkit-bench", version: "1.0.0" });
  server.registerTool(
    name,
    {
      description: "Adds a note and returns its id.",
      inputSchema: addInputShape(),
      outputSchema: addOutputShape(),
    },
    async (input) => {
      const output = handleAdd(input);
      return { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
    },
  );
  const client = new Client({ name: "podkit-bench-client", version: "1.0.0" });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  await client.listTools();
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
