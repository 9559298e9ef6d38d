import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { makeTicketRepository, type TicketRepository } from "@podkit/harness/mcp";
import { afterEach, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS } from "../../test/cli/run-podkit.js";

interface McpServerEntry {
  readonly command: string;
  readonly args: readonly string[];
}

const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CONFIG = JSON.parse(readFileSync(new URL("./mcp.json", import.meta.url), "utf8")) as {
  mcpServers: Record<string, McpServerEntry>;
};

let repository: TicketRepository | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  repository?.remove();
});

/**
 * Starts an entry as a client would from the root of a repository that has podkit installed: the
 * command resolved from this workspace (where `node_modules/.bin/podkit` is), the working
 * directory a repository with `podkit.config.yaml` and tickets T-1 and T-2.
 */
async function start(name: string): Promise<Client> {
  const entry = CONFIG.mcpServers[name];
  if (entry === undefined) throw new Error(`mcp.json has no server '${name}'`);
  repository = await makeTicketRepository();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (pair): pair is [string, string] => pair[1] !== undefined && !pair[0].startsWith("PODKIT_"),
    ),
  );
  client = new Client({ name: "mcp-client-example", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: isAbsolute(entry.command) ? entry.command : join(REPOSITORY_ROOT, entry.command),
      args: [...entry.args],
      cwd: repository.directory,
      env,
      stderr: "inherit",
    }),
  );
  return client;
}

describe("examples/mcp-client/mcp.json", { timeout: CLI_TIMEOUT_MS }, () => {
  it("lists its servers in the mcpServers format, each starting podkit mcp", () => {
    const entries = Object.entries(CONFIG.mcpServers);
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, entry] of entries) {
      expect(typeof entry.command, name).toBe("string");
      expect(entry.args.slice(entry.args.indexOf("mcp")), name).toEqual(
        expect.arrayContaining(["mcp", "--role"]),
      );
    }
  });

  it("starts a coder bound to T-1 that can comment on T-1 but not queue, accept or touch T-2", async () => {
    const coder = await start("podkit-coder");
    const names = (await coder.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["ticket_show", "ticket_comment"]));
    expect(names).not.toContain("ticket_queue");
    expect(names).not.toContain("ticket_accept");
    const own = await coder.callTool({
      name: "ticket_comment",
      arguments: { ticketId: "T-1", body: "On it." },
    });
    expect(own.isError).toBeFalsy();
    const other = await coder.callTool({ name: "ticket_show", arguments: { ticketId: "T-2" } });
    expect(other.isError).toBe(true);
  });

  it("starts an intake agent that can create tickets", async () => {
    const intake = await start("podkit-intake");
    const created = await intake.callTool({
      name: "ticket_create",
      arguments: { title: "From an MCP client", body: "Created through examples/mcp-client." },
    });
    expect(created.structuredContent).toMatchObject({ ticket: { id: "T-3", state: "planning" } });
  });
});
