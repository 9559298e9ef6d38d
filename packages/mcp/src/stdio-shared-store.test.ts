import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Podkit } from "@podkit/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type ConnectedClient, connectStdio } from "./fixtures/connect-client.js";
import { createTicketPodkit } from "./fixtures/ticket-podkit.js";

let root: string;
let podkit: Podkit;
let connection: ConnectedClient | undefined;
beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), "podkit-mcp-"));
  podkit = await createTicketPodkit({ root });
});
afterEach(async () => {
  await connection?.close();
  await podkit.dispose();
  rmSync(root, { recursive: true, force: true });
});

// The child process loads TypeScript sources, which on a busy two-core machine can take many
// seconds; this bounds a hang and asserts nothing about speed.
const PROCESS_TIMEOUT_MS = 240_000;

it("records an acceptance made over stdio in the file store this process reads", {
  timeout: PROCESS_TIMEOUT_MS,
}, async () => {
  connection = await connectStdio({ role: "orchestrator", agent: "orch-remote" }, { root });
  const accepted = await connection.client.callTool({
    name: "ticket_accept",
    arguments: { ticketId: "T-2", requestId: "r-1" },
  });
  expect(accepted.isError).toBeFalsy();

  const shown = await podkit
    .toolset({ role: "human", agentId: "operator" })
    .call("ticket_show", { ticketId: "T-2" });
  expect(shown).toMatchObject({
    ok: true,
    output: { ticket: { id: "T-2", state: "inprogress", lease: { holder: "orch-remote" } } },
  });
});
