import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  connectFreshPodkitMcp,
  connectPodkitMcp,
  makeTicketRepository,
  type TicketRepository,
} from "@podkit/harness/mcp";
import { loadPodkitConfig, openPodkit } from "podkit";
import { afterEach, describe, expect, it } from "vitest";
import { describeRoleScenarios, textOf } from "../../packages/mcp/src/fixtures/role-scenarios.js";
import { CLI_TIMEOUT_MS, runPodkit } from "../cli/run-podkit.js";

describe("podkit mcp over stdio", { timeout: CLI_TIMEOUT_MS }, () => {
  describeRoleScenarios(connectFreshPodkitMcp);

  let repository: TicketRepository | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    repository?.remove();
  });

  it("writes to the repository's file store, which every other podkit process reads", async () => {
    repository = await makeTicketRepository();
    client = await connectPodkitMcp(repository.directory, { role: "orchestrator", agent: "orch-remote" });
    const accepted = await client.callTool({
      name: "ticket_accept",
      arguments: { ticketId: "T-2", requestId: "r-1" },
    });
    expect(accepted.isError).toBeFalsy();

    const podkit = await openPodkit(loadPodkitConfig(repository.configFile));
    const shown = await podkit
      .toolset({ role: "human", agentId: "operator" })
      .call("ticket_show", { ticketId: "T-2" });
    await podkit.dispose();
    expect(shown).toMatchObject({
      ok: true,
      output: { ticket: { state: "inprogress", lease: { holder: "orch-remote" } } },
    });
  });

  it("tells the client which role and ticket it serves", async () => {
    repository = await makeTicketRepository();
    client = await connectPodkitMcp(repository.directory, { role: "reviewer", ticket: "T-1" });
    expect(client.getInstructions()).toBe("Tools of podkit role 'reviewer', bound to ticket 'T-1'.");
    const review = await client.callTool({
      name: "ticket_review",
      arguments: { ticketId: "T-2", verdict: "approve", body: "Fine." },
    });
    expect(textOf(review as never)).toMatch(/^out_of_scope: /);
  });

  it("refuses an unknown role with exit status 2 before serving", async () => {
    repository = await makeTicketRepository();
    const run = await runPodkit(["mcp", "--role", "janitor"], { cwd: repository.directory });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Unknown role 'janitor'");
  });
});
