import { rmSync } from "node:fs";
import { join } from "node:path";
import { createPodkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { createGitRepository, testPolicy } from "./fixtures/orchestrator-fixture.js";
import { InProcessPodLauncher } from "./in-process-pod-launcher.js";
import { Orchestrator } from "./orchestrator.js";
import { GitWorktreeManager } from "./worktree-manager.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("Orchestrator and a damaged ticket", () => {
  it("does not accept a ticket queued by a forged event, and says why on the ticket", async () => {
    const repository = createGitRepository("podkit-orchestrator-damaged-");
    cleanups.push(() => rmSync(repository, { recursive: true, force: true }));
    const backend = new MemoryTicketBackend();
    const podkit = await createPodkit({ features: [createTicketFeature({ backend })] });
    cleanups.push(() => podkit.dispose());
    const intake = podkit.toolset({ role: "intake", agentId: "intake-1" });
    const created = await intake.call("ticket_create", { title: "Forged into the queue" });
    if (!created.ok) throw new Error(created.error.message);
    // Written to the store directly, as a coder with store access could: planning → queued.
    await backend.append("T-1", {
      expectedSeq: 1,
      event: { kind: "state_changed", from: "planning", to: "queued" },
      actor: { role: "coder", agentId: "coder-7" },
    });

    const launcher = new InProcessPodLauncher(async () => 0);
    await new Orchestrator({
      toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
      worktrees: new GitWorktreeManager({ repository }),
      pods: launcher,
      policy: testPolicy(join(repository, ".podkit/run"), { concurrency: 1 }),
      events: podkit.registry.events,
    }).runOnce();

    expect(launcher.launched).toEqual([]);
    const record = await backend.read("T-1");
    expect(record?.ticket).toMatchObject({ state: "queued", lease: null });
    expect(record?.events.at(-1)).toMatchObject({
      kind: "comment",
      actor: { role: "orchestrator", agentId: "orch-1" },
      body: expect.stringContaining(
        "Not starting: the history of T-1 holds events no granted command could have written",
      ),
    });
    // Asked directly, the store refuses too.
    const accept = await podkit
      .toolset({ role: "orchestrator", agentId: "orch-2" })
      .call("ticket_accept", { ticketId: "T-1", requestId: "r-1" });
    expect(accept).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
  });
});
