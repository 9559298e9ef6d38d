import { describe, expect, it } from "vitest";
import { createTicketTestbed } from "../testing/ticket-testbed.js";
import { TICKET_ROLE_GRANTS } from "../ticket-feature.js";
import { auditTicketHistory } from "./audit-ticket-history.js";
import type { EventActor, NewTicketEvent } from "./ticket-event.js";

const grantOf = (role: string) =>
  Object.hasOwn(TICKET_ROLE_GRANTS, role) ? TICKET_ROLE_GRANTS[role] : undefined;

async function forge(
  testbed: Awaited<ReturnType<typeof createTicketTestbed>>,
  ticketId: string,
  actor: EventActor,
  event: NewTicketEvent,
) {
  const record = await testbed.backend.read(ticketId);
  const result = await testbed.backend.append(ticketId, {
    expectedSeq: record?.ticket.seq ?? 0,
    event,
    actor,
  });
  if (!result.ok) throw new Error("the forged append lost a race");
  return result.event.seq;
}

async function audit(testbed: Awaited<ReturnType<typeof createTicketTestbed>>, ticketId: string) {
  const record = await testbed.backend.read(ticketId);
  return auditTicketHistory(ticketId, record?.events ?? [], { grantOf });
}

describe("auditTicketHistory", () => {
  it("passes a history written through the tools, every role in its place", async () => {
    const testbed = await createTicketTestbed();
    const { id, token } = await testbed.ticketIn("inprogress");
    const bound = { bindings: { ticket: id } };
    await testbed.ok("coder", "ticket_comment", { ticketId: id, body: "Working on it." }, bound);
    await testbed.ok("orchestrator", "ticket_renew_lease", { ticketId: id, token });
    await testbed.ok("orchestrator", "ticket_report", {
      ticketId: id,
      token,
      kind: "progress",
      body: "Pod up.",
    });
    await testbed.ok("reviewer", "ticket_review", { ticketId: id, verdict: "approve", body: "Fine." }, bound);
    await testbed.ok("orchestrator", "ticket_complete", { ticketId: id, token });
    await testbed.ok("human", "ticket_close", { ticketId: id, resolution: "Shipped." });
    const other = await testbed.ticketIn("ready");
    await testbed.ok("intake", "ticket_return_to_planning", { ticketId: other.id, reason: "Too big." });
    expect(await audit(testbed, id)).toEqual([]);
    expect(await audit(testbed, other.id)).toEqual([]);
  });

  it("names a forged planning → queued written by a coder: no command makes that move", async () => {
    const testbed = await createTicketTestbed();
    const { id } = await testbed.ticketIn("planning");
    const seq = await forge(
      testbed,
      id,
      { role: "coder", agentId: "coder-9" },
      {
        kind: "state_changed",
        from: "planning",
        to: "queued",
      },
    );
    expect(await audit(testbed, id)).toEqual([
      { seq, problem: expect.stringContaining("a state change from 'planning' to 'queued'") },
    ]);
  });

  it("names a well-formed move written by a role that is not granted its tool", async () => {
    const testbed = await createTicketTestbed();
    const { id } = await testbed.ticketIn("ready");
    const seq = await forge(
      testbed,
      id,
      { role: "coder", agentId: "coder-9" },
      {
        kind: "state_changed",
        from: "ready",
        to: "queued",
      },
    );
    const flaws = await audit(testbed, id);
    expect(flaws).toEqual([
      {
        seq,
        problem: expect.stringContaining(
          "as role 'coder', which is not granted ticket_queue (capability 'gate')",
        ),
      },
    ]);
    // The same move by a role the host grants the gate is legitimate.
    expect(
      auditTicketHistory(id, (await testbed.backend.read(id))?.events ?? [], {
        grantOf: (role) => (role === "coder" ? { capabilities: ["gate"] } : grantOf(role)),
      }),
    ).toEqual([]);
  });

  it("names lease writes under a token that is not the live one, and moves from a state the ticket was not in", async () => {
    const testbed = await createTicketTestbed();
    const { id, token } = await testbed.ticketIn("inprogress");
    const orchestrator = { role: "orchestrator", agentId: "orchestrator-1" };
    const stale = await forge(testbed, id, orchestrator, { kind: "progress", token: token + 7, body: "x" });
    const wrongFrom = await forge(testbed, id, orchestrator, {
      kind: "state_changed",
      from: "queued",
      to: "done",
      token,
    });
    expect(await audit(testbed, id)).toEqual([
      {
        seq: stale,
        problem: expect.stringContaining(`under token ${token + 7}, but the live lease had token ${token}`),
      },
      { seq: wrongFrom, problem: expect.stringContaining("but the ticket was 'inprogress' then") },
    ]);
  });

  it("takes an import's leading events as they are, but not an import event after podkit's own", async () => {
    const testbed = await createTicketTestbed();
    const at = "2024-01-01T00:00:00.000Z";
    const origin = { role: "origin", agentId: "alice" };
    await testbed.backend.importHistory("T-50", [
      { seq: 1, kind: "create", actor: origin, at, data: { title: "Old" }, to: "planning" },
      { seq: 2, kind: "state_changed", actor: origin, at, from: "planning", to: "inprogress" },
      {
        seq: 3,
        kind: "state_changed",
        actor: { role: "import", agentId: "me" },
        at,
        from: "inprogress",
        to: "blocked",
      },
    ]);
    expect(await audit(testbed, "T-50")).toEqual([]);
    await testbed.ok("human", "ticket_queue", { ticketId: "T-50", reason: "Resume." });
    const seq = await forge(testbed, "T-50", origin, { kind: "state_changed", from: "queued", to: "done" });
    expect(await audit(testbed, "T-50")).toEqual([
      { seq, problem: expect.stringContaining("'queued' to 'done'") },
    ]);
  });
});
