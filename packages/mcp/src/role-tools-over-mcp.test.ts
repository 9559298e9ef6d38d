import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_META_KEY } from "./call-tool-result.js";
import {
  type ConnectedClient,
  connectInMemory,
  connectStdio,
  type RoleTarget,
} from "./fixtures/connect-client.js";

const connections: ConnectedClient[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

const TRANSPORTS = [
  ["in memory", (target: RoleTarget) => connectInMemory(target)],
  ["stdio (child process)", (target: RoleTarget) => connectStdio(target)],
] as const;

describe.each(TRANSPORTS)("a role's tools over MCP, %s", (_transport, connect) => {
  async function open(target: RoleTarget) {
    const connection = await connect(target);
    connections.push(connection);
    await connection.client.listTools();
    return connection.client;
  }

  async function call(
    client: Awaited<ReturnType<typeof open>>,
    name: string,
    input: Record<string, unknown>,
  ) {
    return (await client.callTool({ name, arguments: input })) as CallToolResult;
  }

  it("lists no gate or orchestration tools to a coder, and answers them exactly like an unknown tool", async () => {
    const client = await open({ role: "coder", ticket: "T-1" });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("ticket_show");
    expect(names).not.toContain("ticket_queue");
    expect(names).not.toContain("ticket_accept");

    const unknown = await call(client, "no_such_tool", { ticketId: "T-1" });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^unknown_tool: Unknown tool 'no_such_tool'\. Tools available/);
    for (const [name, input] of [
      ["ticket_queue", { ticketId: "T-1" }],
      ["ticket_accept", { ticketId: "T-1", requestId: "r-1" }],
    ] as const) {
      const refused = await call(client, name, input);
      expect(JSON.stringify(refused).replaceAll(name, "no_such_tool")).toBe(JSON.stringify(unknown));
    }
  });

  it("lets an orchestrator accept a queued ticket and returns the lease as structured content", async () => {
    const client = await open({ role: "orchestrator", agent: "orch-7" });
    const accepted = await call(client, "ticket_accept", { ticketId: "T-1", requestId: "r-1" });
    expect(accepted.isError).toBeFalsy();
    expect(accepted.structuredContent).toMatchObject({
      ticket: { id: "T-1", state: "inprogress" },
      lease: { holder: "orch-7", token: expect.any(Number) },
      repeated: false,
    });
    expect(JSON.parse(textOf(accepted))).toEqual(accepted.structuredContent);
    const again = await call(client, "ticket_accept", { ticketId: "T-1", requestId: "r-2" });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/^conflict: /);
  });

  it("keeps a coder bound to T-1 out of T-2", async () => {
    const client = await open({ role: "coder", ticket: "T-1" });
    const own = await call(client, "ticket_comment", { ticketId: "T-1", body: "Starting." });
    expect(own.isError).toBeFalsy();
    expect(own.structuredContent).toMatchObject({ ticketId: "T-1" });

    const other = await call(client, "ticket_comment", { ticketId: "T-2", body: "Sneaking in." });
    expect(other.isError).toBe(true);
    expect(other.structuredContent).toBeUndefined();
    expect(other._meta?.[ERROR_META_KEY]).toMatchObject({ code: "out_of_scope" });
    expect(textOf(other)).toMatch(/^out_of_scope: /);
  });

  it("returns bad input as an invalid_input result the model can read", async () => {
    const client = await open({ role: "coder", ticket: "T-1" });
    const result = await call(client, "ticket_comment", { ticketId: "T-1" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^invalid_input: Invalid input for tool 'ticket_comment'/);
    expect(textOf(result)).toContain("body");
  });
});

function textOf(result: CallToolResult): string {
  const [first] = result.content;
  if (first?.type !== "text") throw new Error(`expected a text block, got ${JSON.stringify(first)}`);
  return first.text;
}
