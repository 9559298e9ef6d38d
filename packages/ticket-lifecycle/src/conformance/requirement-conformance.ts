import { describe, expect, it } from "vitest";
import type { EventActor, NewTicketEvent } from "../domain/ticket-event.js";
import type { WriteRequirement } from "../domain/write-requirement.js";
import { ACTORS, type ConformanceContext } from "./conformance-context.js";

const progress = (token: number, body = "still here"): NewTicketEvent => ({ kind: "progress", token, body });

/**
 * The backend itself enforces what a decided write requires (`append`'s `requires`), at the
 * current seq and on its own clock: the seq alone cannot see a lease that lapsed between the
 * decision and the write, nor a caller that presents someone else's lease.
 */
export function describeRequirementConformance(context: () => ConformanceContext): void {
  describe("write requirements enforced by the backend", () => {
    /** Appends at the current seq with `requires`; the refusal must write nothing. */
    async function appendRequiring(
      test: ConformanceContext,
      ticketId: string,
      event: NewTicketEvent,
      requires: WriteRequirement,
      actor: EventActor = ACTORS.orchestrator,
    ) {
      const expectedSeq = await test.seqOf(ticketId);
      return test.backend.append(ticketId, { expectedSeq, event, actor, requires });
    }

    it("writes an event whose requirement holds", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const result = await appendRequiring(test, ticketId, progress(token), {
        kind: "live-lease",
        token,
        holder: ACTORS.orchestrator.agentId,
      });
      expect(result).toMatchObject({ ok: true, event: { kind: "progress", token } });
    });

    it("refuses a write under a lease token that is not the live one, at the current seq", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const holder = ACTORS.orchestrator.agentId;
      for (const stale of [token - 1, token + 1]) {
        await test.refuses(ticketId, "lease_lost", () =>
          appendRequiring(test, ticketId, progress(stale), { kind: "live-lease", token: stale, holder }),
        );
      }
    });

    it("refuses a write under the live token by anyone but the lease holder", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const refusal = await test.refuses(ticketId, "lease_lost", () =>
        appendRequiring(
          test,
          ticketId,
          progress(token, "not mine"),
          { kind: "live-lease", token, holder: ACTORS.rival.agentId },
          ACTORS.rival,
        ),
      );
      expect(refusal.message).toContain(`held by '${ACTORS.orchestrator.agentId}'`);
    });

    it("refuses a write decided while the lease was live once it has lapsed on the backend's clock", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const lease = (await test.backend.read(ticketId))?.ticket.lease;
      // The decision was made here, while the lease was live; its write arrives after the expiry.
      const requires: WriteRequirement = { kind: "live-lease", token, holder: lease?.holder ?? "" };
      await test.passExpiry(lease?.expiresAt ?? "");
      const refusal = await test.refuses(ticketId, "lease_lost", () =>
        appendRequiring(test, ticketId, progress(token, "too late"), requires),
      );
      expect(refusal.message).toContain("expired");
    });

    it("refuses to resolve a lease as expired while it is live, or once another lease replaced it", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const block: NewTicketEvent = {
        kind: "failure",
        from: "inprogress",
        to: "blocked",
        token,
        reason: "?",
      };
      await test.refuses(ticketId, "precondition_failed", () =>
        appendRequiring(test, ticketId, block, { kind: "expired-lease", token }, ACTORS.sweeper),
      );
      const lapsing = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      await test.passExpiry((await test.backend.read(lapsing.ticketId))?.ticket.lease?.expiresAt ?? "");
      const other = (lapsing.token ?? 0) - 1;
      await test.refuses(lapsing.ticketId, "precondition_failed", () =>
        appendRequiring(
          test,
          lapsing.ticketId,
          { ...block, token: other },
          { kind: "expired-lease", token: other },
        ),
      );
      const resolved = await appendRequiring(
        test,
        lapsing.ticketId,
        { ...block, token: lapsing.token ?? 0 },
        { kind: "expired-lease", token: lapsing.token ?? 0 },
        ACTORS.sweeper,
      );
      expect(resolved).toMatchObject({ ok: true, record: { ticket: { state: "blocked" } } });
    });

    it("refuses a transition whose ticket is not in the state the write requires", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("ready");
      const acceptance: NewTicketEvent = {
        kind: "acceptance",
        from: "queued",
        to: "inprogress",
        token: 3,
        data: { holder: ACTORS.orchestrator.agentId, requestId: "r", expiresAt: "2999-01-01T00:00:00.000Z" },
      };
      await test.refuses(ticketId, "conflict", () =>
        appendRequiring(test, ticketId, acceptance, { kind: "state", state: "queued" }),
      );
      expect((await test.backend.read(ticketId))?.ticket.state).toBe("ready");
    });

    it("still answers a stale seq with a conflict result, whatever the requirement", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const seq = await test.seqOf(ticketId);
      const result = await test.backend.append(ticketId, {
        expectedSeq: seq - 1,
        event: progress(token),
        actor: ACTORS.orchestrator,
        requires: { kind: "live-lease", token, holder: ACTORS.orchestrator.agentId },
      });
      expect(result).toEqual({ ok: false, reason: "conflict", currentSeq: seq });
    });
  });
}
