import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { makeTicketRepository, type TicketRepository } from "@podkit/harness/mcp";
import { loadPodkitConfig, openPodkit } from "podkit";
import { afterEach, describe, expect, it as vitestIt } from "vitest";
import {
  describeWithPostgres,
  dropSchema,
  TEST_PG_URL,
  uniqueSchema,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import { BIN, CLI_TIMEOUT_MS } from "../cli/run-podkit.js";
import { type RawMcpProcess, spawnRawPodkitMcp } from "./raw-mcp-process.js";

/** The SDK's stdio limit, which `podkit mcp` keeps as its default. */
const TEN_MIB = 10 * 1024 * 1024;
const CALLS_IN_FLIGHT = 20;

/** What `podkit mcp` must do with bad bytes and a closing client, whatever store it serves. */
function describeProtocol(store: { config: () => string; cleanup: () => Promise<void> }) {
  let repository: TicketRepository | undefined;
  let server: RawMcpProcess | undefined;
  afterEach(async () => {
    server?.kill();
    await server?.exited;
    repository?.remove();
    await store.cleanup();
  }, CLI_TIMEOUT_MS);
  // Each test starts a real Node process that loads TypeScript sources: seconds on a busy machine.
  const it = (name: string, test: () => Promise<void>) => vitestIt(name, { timeout: CLI_TIMEOUT_MS }, test);

  async function start(role = "human"): Promise<RawMcpProcess> {
    repository = await makeTicketRepository(store.config());
    server = spawnRawPodkitMcp(["--role", role, "--agent", "alice"], { cwd: repository.directory });
    return server;
  }

  it("answers malformed JSON-RPC with the JSON-RPC error for it, and keeps serving", async () => {
    const mcp = await start();
    await mcp.initialize();
    await mcp.write('{"jsonrpc":"2.0","id":1,"method":\n');
    await mcp.send({ jsonrpc: "2.0", id: 2, method: 5 });
    await mcp.send([{ jsonrpc: "2.0", id: 3, method: "ping" }]);
    await mcp.send({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { arguments: {} } });
    await mcp.send({
      jsonrpc: "2.0",
      id: 5,
      method: "tools/call",
      params: { name: "ticket_list", arguments: {} },
    });

    expect((await mcp.answerTo(5)).result).toMatchObject({ structuredContent: { count: 2 } });
    const nullIds = mcp.answers.filter((answer) => answer.id === null).map((answer) => answer.error?.code);
    expect(nullIds).toEqual([-32700, -32600]);
    expect((await mcp.answerTo(2)).error).toMatchObject({
      code: -32600,
      message: expect.stringContaining("'method'"),
    });
    expect((await mcp.answerTo(4)).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining("params.name"),
    });
    expect(mcp.stderr().match(/^podkit mcp: refused a message/gm)).toHaveLength(4);
    mcp.end();
    expect(await mcp.exited).toBe(0);
  });

  it("refuses tools/call before initialize and answers ping", async () => {
    const mcp = await start();
    await mcp.send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "ticket_list", arguments: {} },
    });
    await mcp.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect((await mcp.answerTo(1)).error).toMatchObject({
      code: -32600,
      message: expect.stringContaining("before 'initialize'"),
    });
    expect((await mcp.answerTo(2)).result).toEqual({});
    await mcp.initialize();
    await mcp.send({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "ticket_list", arguments: {} },
    });
    expect((await mcp.answerTo(3)).result).toMatchObject({ structuredContent: { count: 2 } });
  });

  it("refuses a message over 10 MiB under its id with a line on stderr, and serves the next", async () => {
    const mcp = await start();
    await mcp.initialize();
    // The SDK's client writes the id last, after the arguments.
    const body = "x".repeat(TEN_MIB + 1024);
    const huge = `${JSON.stringify({ method: "tools/call", params: { name: "ticket_comment", arguments: { ticketId: "T-1", body } }, jsonrpc: "2.0", id: 7 })}\n`;
    await mcp.write(huge);
    await mcp.send({ jsonrpc: "2.0", id: 8, method: "ping" });

    expect((await mcp.answerTo(7)).error).toEqual({
      code: -32600,
      message: `Invalid Request: the message is ${huge.length - 1} bytes; the limit is ${TEN_MIB} bytes. Send a smaller message (e.g. smaller tool arguments).`,
    });
    expect((await mcp.answerTo(8)).result).toEqual({});
    expect(mcp.stderr()).toContain("podkit mcp: refused a message (answered -32600 for id 7)");
    await mcp.send({
      jsonrpc: "2.0",
      id: 9,
      method: "tools/call",
      params: { name: "ticket_show", arguments: { ticketId: "T-1" } },
    });
    const shown = await mcp.answerTo(9);
    expect(JSON.stringify(shown.result)).not.toContain("xxxxxxxx");
  });

  it("answers every call in flight when the client closes stdin, then exits 0", async () => {
    const mcp = await start();
    await mcp.initialize();
    const calls = Array.from({ length: CALLS_IN_FLIGHT }, (_, index) => ({
      jsonrpc: "2.0",
      id: 100 + index,
      method: "tools/call",
      params: { name: "ticket_comment", arguments: { ticketId: "T-1", body: `Comment ${index}.` } },
    }));
    await mcp.write(calls.map((call) => `${JSON.stringify(call)}\n`).join(""));
    mcp.end();
    expect(await mcp.exited).toBe(0);

    const answered = mcp.answers.filter((answer) => typeof answer.id === "number");
    expect(answered.map((answer) => answer.id).sort()).toEqual(calls.map((call) => call.id));
    expect(answered.filter((answer) => answer.error !== undefined || answer.result?.isError)).toEqual([]);
    const podkit = await openPodkit(loadPodkitConfig((repository as TicketRepository).configFile));
    const shown = await podkit
      .toolset({ role: "human", agentId: "operator" })
      .call("ticket_show", { ticketId: "T-1", historyLimit: 100 });
    await podkit.dispose();
    const bodies = JSON.stringify(shown);
    for (let index = 0; index < CALLS_IN_FLIGHT; index += 1) expect(bodies).toContain(`Comment ${index}.`);
  });

  it("serves the official SDK client", async () => {
    repository = await makeTicketRepository(store.config());
    const client = new Client({ name: "podkit-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: BIN,
        args: ["mcp", "--role", "orchestrator", "--agent", "orch-1"],
        cwd: repository.directory,
        env: Object.fromEntries(
          Object.entries(process.env).filter(
            (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith("PODKIT_"),
          ),
        ),
        stderr: "pipe",
      }),
    );
    try {
      const accepted = await client.callTool({
        name: "ticket_accept",
        arguments: { ticketId: "T-1", requestId: "r-1" },
      });
      expect(accepted.isError).toBeFalsy();
      expect(accepted.structuredContent).toMatchObject({
        ticket: { state: "inprogress" },
        lease: { holder: "orch-1" },
      });
    } finally {
      await client.close();
    }
  });
}

describe("podkit mcp protocol on the file store", () => {
  describeProtocol({
    config: () => "backend:\n  kind: file\n  root: .podkit/tickets\n",
    cleanup: async () => undefined,
  });
});

describeWithPostgres("podkit mcp protocol on PostgreSQL", () => {
  const schemas: string[] = [];
  describeProtocol({
    config: () => {
      const schema = uniqueSchema("podkit_mcp");
      schemas.push(schema);
      return `backend:\n  kind: postgres\n  url: ${TEST_PG_URL}\n  schema: ${schema}\n`;
    },
    cleanup: async () => {
      for (const schema of schemas.splice(0)) await dropSchema(schema);
    },
  });
});
