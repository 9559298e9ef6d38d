import {
  DEFAULT_TICKET_POLICY,
  type TicketBackend,
  TicketError,
  TicketService,
} from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeWithPostgres, openTestBackend, type TestBackend } from "./testing/test-database.js";

const human = { role: "human", agentId: "alice" };
const orchestrator = { role: "orchestrator", agentId: "orch-1" };

describeWithPostgres("write requirements in the compare-and-set statement", () => {
  let test: TestBackend;
  let service: TicketService;

  beforeEach(async () => {
    test = await openTestBackend();
    service = new TicketService(test.backend, DEFAULT_TICKET_POLICY);
  });
  afterEach(() => test.cleanup());

  async function queued(): Promise<string> {
    const { ticket } = await service.create(human, { title: "Guarded" });
    await service.execute(human, ticket.id, { type: "mark_ready", summary: "Ready." });
    await service.execute(human, ticket.id, { type: "queue" }, { gate: true });
    return ticket.id;
  }

  async function accepted(leaseMs = 60_000): Promise<{ ticketId: string; token: number }> {
    const ticketId = await queued();
    const outcome = await service.execute(orchestrator, ticketId, {
      type: "accept",
      holder: "orch-1",
      requestId: "r-1",
      leaseMs,
    });
    return { ticketId, token: outcome.event.token ?? 0 };
  }

  it("checks a live-lease requirement in the statement, on database time, not in the process", async () => {
    const { ticketId, token } = await accepted(1_000);
    const expiresAt = Date.parse((await test.backend.read(ticketId))?.ticket.lease?.expiresAt ?? "");
    while ((await test.backend.now()).getTime() <= expiresAt) await new Promise((r) => setTimeout(r, 100));
    // The backend has no clock of its own to check against before the statement: only the
    // statement's comparison with clock_timestamp() can refuse this write.
    const error = await test.backend
      .append(ticketId, {
        expectedSeq: token,
        event: { kind: "progress", token, body: "after the lapse" },
        actor: orchestrator,
        requires: { kind: "live-lease", token, holder: "orch-1" },
      })
      .catch((thrown: unknown) => thrown);
    expect(TicketError.isInstance(error) && error.code).toBe("lease_lost");
    expect((await test.backend.read(ticketId))?.events).toHaveLength(token);
  });

  it("leaves a token-carrying event without a requirement to the seq alone", async () => {
    const { ticket } = await service.create(human, { title: "Raw" });
    const result = await test.backend.append(ticket.id, {
      expectedSeq: 1,
      event: { kind: "progress", token: 7, body: "imported as is" },
      actor: orchestrator,
    });
    expect(result.ok).toBe(true);
  });

  it("turns a write decided on a lease that lapsed before the statement into lease_lost", async () => {
    const { ticketId, token } = await accepted(1_000);
    const expiresAt = Date.parse((await test.backend.read(ticketId))?.ticket.lease?.expiresAt ?? "");
    while ((await test.backend.now()).getTime() <= expiresAt) await new Promise((r) => setTimeout(r, 100));
    // The first decision reads a clock from before the expiry, as a process would whose
    // decision and write straddle it; the statement compares with database time and refuses.
    let first = true;
    const straddling: TicketBackend = Object.assign(Object.create(test.backend) as TicketBackend, {
      now: async () => {
        if (!first) return test.backend.now();
        first = false;
        return new Date(expiresAt - 500);
      },
      read: (id: string) => test.backend.read(id),
      append: (id: string, options: Parameters<TicketBackend["append"]>[1]) =>
        test.backend.append(id, options),
    });
    const error = await new TicketService(straddling, DEFAULT_TICKET_POLICY)
      .execute(orchestrator, ticketId, { type: "report", kind: "progress", token, body: "too late" })
      .catch((thrown: unknown) => thrown);
    expect(first).toBe(false);
    expect(TicketError.isInstance(error) && error.code).toBe("lease_lost");
    expect((await test.backend.read(ticketId))?.events).toHaveLength(token);
  });
});
