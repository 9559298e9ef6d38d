import { createPodkit, type Podkit } from "@podkit/core";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "./backend/memory-ticket-backend.js";
import { createTicketFeature } from "./ticket-feature.js";

let clock = new Date("2026-01-01T00:00:00.000Z");
let podkit: Podkit;

beforeEach(async () => {
  clock = new Date("2026-01-01T00:00:00.000Z");
  podkit = await createPodkit({
    features: [createTicketFeature({ backend: new MemoryTicketBackend({ clock: () => clock }) })],
  });
});

async function ok(role: string, tool: string, input: unknown, bindings?: Record<string, string>) {
  const toolset = podkit.toolset({ role, agentId: `${role}-1`, ...(bindings ? { bindings } : {}) });
  const result = await toolset.call(tool, input);
  if (!result.ok) throw new Error(`${tool} failed: ${result.error.code}: ${result.error.message}`);
  // biome-ignore lint/suspicious/noExplicitAny: tests read outputs loosely; the schemas are checked by the toolset.
  return result.output as any;
}

async function queuedTicket(): Promise<string> {
  const created = await ok("intake", "ticket_create", {
    title: "Add retries",
    body: "Retry failed fetches.",
  });
  const id = created.ticket.id as string;
  await ok("intake", "ticket_mark_ready", {
    ticketId: id,
    summary: "Retry with backoff; tested by a flaky server.",
  });
  await ok("human", "ticket_queue", { ticketId: id });
  return id;
}

describe("ticket feature through role toolsets", () => {
  it("walks a ticket from planning to done under one lease", async () => {
    const id = await queuedTicket();
    const accepted = await ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1" });
    expect(accepted.ticket.state).toBe("inprogress");
    expect(accepted.lease).toMatchObject({ holder: "orchestrator-1", token: 4 });
    await ok("orchestrator", "ticket_report", {
      ticketId: id,
      token: 4,
      kind: "intent",
      body: "create worktree",
    });
    await ok(
      "reviewer",
      "ticket_review",
      { ticketId: id, verdict: "approve", body: "Looks right." },
      { ticket: id },
    );
    const done = await ok("orchestrator", "ticket_complete", { ticketId: id, token: 4 });
    expect(done.ticket.state).toBe("done");
    const shown = await ok("human", "ticket_show", { ticketId: id });
    expect(shown.history.events.map((event: { kind: string }) => event.kind)).toEqual([
      "create",
      "intake_summary",
      "state_changed",
      "acceptance",
      "intent",
      "review",
      "state_changed",
    ]);
  });

  it("answers a repeated accept with the same lease and refuses a second acceptor", async () => {
    const id = await queuedTicket();
    const first = await ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "same" });
    const again = await ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "same" });
    expect(again.lease).toEqual(first.lease);
    expect(again.repeated).toBe(true);
    const other = await podkit
      .toolset({ role: "orchestrator", agentId: "orch-2" })
      .call("ticket_accept", { ticketId: id, requestId: "other" });
    expect(other).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(!other.ok && other.error.message).toContain("Cannot move ticket");
  });

  it("rejects writes under a stale token with lease_lost after the sweeper blocks an expired lease", async () => {
    const id = await queuedTicket();
    const { lease } = await ok("orchestrator", "ticket_accept", {
      ticketId: id,
      requestId: "r",
      leaseMs: 5_000,
    });
    clock = new Date(clock.getTime() + 10_000);
    const swept = await ok("orchestrator", "ticket_sweep_leases", {});
    expect(swept.swept).toEqual([
      expect.objectContaining({ ticketId: id, outcome: "blocked", expiredToken: lease.token }),
    ]);
    const late = await podkit
      .toolset({ role: "orchestrator", agentId: "orchestrator-1" })
      .call("ticket_complete", { ticketId: id, token: lease.token });
    expect(late).toMatchObject({ ok: false, error: { code: "lease_lost" } });
    const shown = await ok("human", "ticket_show", { ticketId: id });
    expect(shown.ticket.state).toBe("blocked");
  });

  it("keeps the gate with the human: no agent role can queue", async () => {
    const created = await ok("intake", "ticket_create", { title: "T" });
    await ok("intake", "ticket_mark_ready", { ticketId: created.ticket.id, summary: "S" });
    for (const role of ["orchestrator", "intake", "coder", "reviewer", "companion"]) {
      const result = await podkit
        .toolset({ role, agentId: "a", bindings: { ticket: created.ticket.id } })
        .call("ticket_queue", { ticketId: created.ticket.id });
      expect(result).toMatchObject({ ok: false, error: { code: "unknown_tool" } });
    }
  });

  it("holds a coder to the ticket it is bound to", async () => {
    const a = (await ok("intake", "ticket_create", { title: "A" })).ticket.id;
    const b = (await ok("intake", "ticket_create", { title: "B" })).ticket.id;
    const coder = podkit.toolset({ role: "coder", agentId: "coder-1", bindings: { ticket: a } });
    expect((await coder.call("ticket_comment", { ticketId: a, body: "on it" })).ok).toBe(true);
    expect(await coder.call("ticket_comment", { ticketId: b, body: "sneaky" })).toMatchObject({
      ok: false,
      error: { code: "out_of_scope" },
    });
    expect(coder.list().map((tool) => tool.name)).toEqual(["ticket_show", "ticket_comment"]);
  });

  it("lets an orchestrator close only done tickets while the human closes any open one", async () => {
    const id = (await ok("intake", "ticket_create", { title: "A" })).ticket.id;
    const refused = await podkit
      .toolset({ role: "orchestrator", agentId: "o" })
      .call("ticket_close", { ticketId: id, resolution: "no" });
    expect(refused).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
    const closed = await ok("human", "ticket_close", { ticketId: id, resolution: "Not needed." });
    expect(closed.ticket.state).toBe("closed");
  });

  it("keeps the assignee when a strict-mode model sends null for it, and clears it on an empty string", async () => {
    const id = (await ok("intake", "ticket_create", { title: "A" })).ticket.id;
    await ok("intake", "ticket_edit", { ticketId: id, assignee: "coder-7" });
    const intake = podkit.toolset({ role: "intake", agentId: "intake-1" });
    const strict = await intake.call(
      "ticket_edit",
      { ticketId: id, title: "B", body: null, priority: null, assignee: null },
      { nullsAsAbsent: true },
    );
    expect(strict).toMatchObject({ ok: true, output: { ticket: { title: "B", assignee: "coder-7" } } });
    const cleared = await ok("intake", "ticket_edit", { ticketId: id, assignee: "" });
    expect(cleared.ticket.assignee).toBeNull();
  });

  it("refuses to queue a ticket whose dependency is not done", async () => {
    const dependency = (await ok("intake", "ticket_create", { title: "Base" })).ticket.id;
    const dependent = (await ok("intake", "ticket_create", { title: "Top" })).ticket.id;
    await ok("intake", "ticket_relate", { ticketId: dependent, relation: "depends_on", target: dependency });
    await ok("intake", "ticket_mark_ready", { ticketId: dependent, summary: "S" });
    const result = await podkit
      .toolset({ role: "human", agentId: "h" })
      .call("ticket_queue", { ticketId: dependent });
    expect(result).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
    expect(!result.ok && result.error.message).toContain(`'${dependency}' (planning)`);
  });
});
