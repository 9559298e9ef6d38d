import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { defineFeature, defineTool, type Podkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ConnectedClient, connectInMemory, type RoleTarget } from "./fixtures/connect-client.js";
import { toMcpTools } from "./mcp-tools.js";

const connections: ConnectedClient[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

async function open(target: RoleTarget, options: { nullsAsAbsent?: boolean } = {}) {
  const connection = await connectInMemory(target, options);
  connections.push(connection);
  return { client: connection.client, podkit: connection.podkit as Podkit };
}

const noteFeature = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes nobody but an editor gets.",
  tools: [
    defineTool({
      name: "notes_add",
      description: "Add a note.",
      capability: "write",
      input: z.strictObject({ text: z.string() }),
      output: z.object({ id: z.string() }),
      execute: () => ({ id: "n-1" }),
    }),
  ],
});

describe("createMcpServer", () => {
  it("lists exactly the role's granted tools with their schemas and hints", async () => {
    const { client, podkit } = await open({ role: "reviewer", ticket: "T-1" });
    const toolset = podkit.toolset({ role: "reviewer", agentId: "reviewer-1", bindings: { ticket: "T-1" } });
    const { tools } = await client.listTools();
    expect(tools).toEqual(JSON.parse(JSON.stringify(toMcpTools(toolset))));
    const show = tools.find((tool) => tool.name === "ticket_show");
    expect(show?.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
      destructiveHint: false,
    });
    expect(show?.outputSchema?.type).toBe("object");
    expect(tools.map((tool) => tool.name)).toContain("ticket_review");
  });

  it("names itself podkit and declares tools with list_changed", async () => {
    const { client } = await open({ role: "coder", ticket: "T-1" });
    expect(client.getServerVersion()).toMatchObject({ name: "podkit", version: "0.1.0" });
    expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
  });

  it("sends tools/list_changed when a feature is disposed and when one is installed", async () => {
    const { client, podkit } = await open({ role: "coder", ticket: "T-1" });
    const changes = notificationLog(client);
    await podkit.registry.dispose("ticket-lifecycle");
    await changes.next();
    expect((await client.listTools()).tools).toEqual([]);

    podkit.registry.register(createTicketFeature({ backend: new MemoryTicketBackend() }));
    await podkit.registry.install();
    await changes.next();
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("ticket_comment");
    expect(changes.count()).toBe(2);
  });

  it("sends nothing when a change does not alter what the role sees", async () => {
    const { client, podkit } = await open({ role: "coder", ticket: "T-1" });
    const changes = notificationLog(client);
    podkit.registry.register(noteFeature);
    await podkit.registry.install();
    // A change the coder does see comes after; had the first been sent, it would arrive first.
    await podkit.registry.dispose("ticket-lifecycle");
    await changes.next();
    expect(changes.count()).toBe(1);
    expect((await client.listTools()).tools).toEqual([]);
  });

  it("maps nulls to absent fields only when asked, for hosts that use strict schemas", async () => {
    const input = { ticketId: "T-1", historyLimit: null, bodyLimit: null };
    const plain = await open({ role: "coder", ticket: "T-1" });
    const refused = await plain.client.callTool({ name: "ticket_show", arguments: input });
    expect(refused.isError).toBe(true);
    const lenient = await open({ role: "coder", ticket: "T-1" }, { nullsAsAbsent: true });
    const shown = await lenient.client.callTool({ name: "ticket_show", arguments: input });
    expect(shown.isError).toBeFalsy();
    expect(shown.structuredContent).toMatchObject({ ticket: { id: "T-1", state: "queued" } });
  });
});

/** Counts `tools/list_changed` notifications; `next()` settles at the next one not yet awaited. */
function notificationLog(client: ConnectedClient["client"]) {
  let received = 0;
  let awaited = 0;
  const waiters: (() => void)[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    received += 1;
    waiters.shift()?.();
  });
  return {
    count: () => received,
    next: () => {
      awaited += 1;
      if (received >= awaited) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
