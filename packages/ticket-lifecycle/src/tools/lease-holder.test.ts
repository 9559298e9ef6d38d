import { beforeEach, describe, expect, it } from "vitest";
import { createTicketTestbed, type TicketTestbed } from "../testing/ticket-testbed.js";

let bed: TicketTestbed;
let ticketId: string;
let token: number;

const A = { agentId: "orchestrator-a" };
const B = { agentId: "orchestrator-b" };

/** Orchestrator B accepts a queued ticket; A is another orchestrator (same role, other agent id). */
beforeEach(async () => {
  bed = await createTicketTestbed();
  const { id } = await bed.ticketIn("queued");
  ticketId = id;
  const accepted = await bed.ok("orchestrator", "ticket_accept", { ticketId, requestId: "b-1" }, B);
  token = accepted.lease.token;
  await bed.ok("orchestrator", "ticket_report", { ticketId, token, kind: "intent", body: "Worktree." }, B);
});

describe("lease-bearing commands require the lease holder, not only its token", () => {
  it.each([
    ["ticket_complete", () => ({ ticketId, token, summary: "Done by A." })],
    ["ticket_renew_lease", () => ({ ticketId, token, leaseMs: 24 * 60 * 60 * 1000 })],
    ["ticket_report", () => ({ ticketId, token, kind: "failure", body: "Worktree failed (A says)." })],
    ["ticket_block", () => ({ ticketId, token, reason: "A blocks it." })],
    ["ticket_defer", () => ({ ticketId, token, reason: "A defers it." })],
  ] as const)(
    "refuses %s from another orchestrator presenting the holder's token, writing nothing",
    async (tool, input) => {
      const before = await bed.histories();
      const result = await bed.call("orchestrator", tool, input(), A);
      expect(result).toMatchObject({ ok: false, error: { code: "lease_lost" } });
      expect(result.ok ? "" : result.error.message).toBe(
        `The lease on ticket '${ticketId}' is held by 'orchestrator-b', not by 'orchestrator-a'; only the holder may write under it.`,
      );
      expect(await bed.histories()).toEqual(before);
    },
  );

  it("lets the holder go on writing under its token afterwards", async () => {
    await bed.call("orchestrator", "ticket_complete", { ticketId, token }, A);
    const done = await bed.ok("orchestrator", "ticket_complete", { ticketId, token, summary: "Done." }, B);
    expect(done.ticket).toMatchObject({ state: "done", lease: null });
  });
});

describe("the lease token is shown only to its holder and to the human gate", () => {
  async function viewsOf(role: string, agentId: string) {
    const shown = await bed.ok(role, "ticket_show", { ticketId }, { agentId });
    const listed = await bed.ok(role, "ticket_list", { states: ["inprogress"] }, { agentId });
    return { shown, listed: listed.tickets.find((ticket: { id: string }) => ticket.id === ticketId) };
  }

  it("hides the token from another orchestrator everywhere in its view: lease, history and reviews", async () => {
    await bed.ok(
      "reviewer",
      "ticket_review",
      { ticketId, verdict: "approve", body: "Fine." },
      {
        bindings: { ticket: ticketId },
      },
    );
    const { shown, listed } = await viewsOf("orchestrator", A.agentId);
    expect(shown.ticket.lease).toEqual({ holder: "orchestrator-b", expiresAt: expect.any(String) });
    expect(listed.lease).toEqual({ holder: "orchestrator-b", expiresAt: expect.any(String) });
    expect(shown.history.events.filter((event: { token?: number }) => event.token !== undefined)).toEqual([]);
    expect(shown.ticket.reviews).toEqual([expect.not.objectContaining({ token: expect.anything() })]);
    expect(JSON.stringify({ shown, listed })).not.toContain(`"token":${token}`);
  });

  it("hides it from other roles that can read the ticket", async () => {
    for (const role of ["intake", "companion"]) {
      const { shown, listed } = await viewsOf(role, `${role}-1`);
      expect(shown.ticket.lease).not.toHaveProperty("token");
      expect(listed.lease).not.toHaveProperty("token");
    }
  });

  it("shows it to the holder and to the human gate", async () => {
    for (const [role, agentId] of [
      ["orchestrator", B.agentId],
      ["human", "alice"],
    ] as const) {
      const { shown, listed } = await viewsOf(role, agentId);
      expect(shown.ticket.lease).toMatchObject({ holder: "orchestrator-b", token });
      expect(listed.lease).toMatchObject({ token });
      expect(
        shown.history.events.find((event: { kind: string }) => event.kind === "acceptance"),
      ).toMatchObject({
        token,
      });
    }
  });

  it("answers a write's caller with the ticket as that caller may see it", async () => {
    const edited = await bed.ok("intake", "ticket_edit", { ticketId, priority: "high" });
    expect(edited.ticket.lease).toEqual({ holder: "orchestrator-b", expiresAt: expect.any(String) });
    const reported = await bed.ok("orchestrator", "ticket_renew_lease", { ticketId, token }, B);
    expect(reported.lease).toMatchObject({ token });
  });
});
