import { describe, expect, it } from "vitest";
import { TicketError } from "../domain/ticket-error.js";
import { sweepExpiredLeases } from "../service/lease-sweeper.js";
import { podIdFor } from "../tools/pod-id.js";
import { ACTORS, type ConformanceContext, LIVE_LEASE_MS } from "./conformance-context.js";

const progress = (token: number) =>
  ({ type: "report", token, kind: "progress", body: "still here" }) as const;

/** Fencing tokens, expiry, the sweeper and takeover, on the backend's clock. */
export function describeLeaseConformance(context: () => ConformanceContext): void {
  describe("fencing and lease expiry", () => {
    it("accepts writes under the live token and renews the lease", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const before = (await test.backend.read(ticketId))?.ticket.lease;
      await test.execute(ACTORS.orchestrator, ticketId, progress(token));
      const renewed = await test.execute(ACTORS.orchestrator, ticketId, {
        type: "renew_lease",
        token,
        leaseMs: 2 * LIVE_LEASE_MS,
      });
      expect(renewed.event).toMatchObject({ kind: "lease_renewed", token });
      const after = renewed.record.ticket.lease;
      expect(after).toMatchObject({ holder: "orchestrator-1", token });
      expect(Date.parse(after?.expiresAt ?? "")).toBeGreaterThan(Date.parse(before?.expiresAt ?? ""));
      await test.execute(ACTORS.orchestrator, ticketId, progress(token));
    });

    it("refuses the live token presented by another agent of the same role, writing nothing", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      for (const command of [
        { type: "complete", token },
        { type: "renew_lease", token, leaseMs: 24 * 60 * 60 * 1000 },
        { type: "report", token, kind: "failure", body: "not mine to report" },
        { type: "block", token, reason: "not mine to block" },
      ] as const) {
        const refusal = await test.refuses(ticketId, "lease_lost", () =>
          test.execute(ACTORS.rival, ticketId, command),
        );
        expect(refusal.message).toContain(`held by '${ACTORS.orchestrator.agentId}'`);
      }
      await test.execute(ACTORS.orchestrator, ticketId, progress(token));
    });

    it("rejects a write under an expired lease with lease_lost, before any sweep", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const lease = (await test.backend.read(ticketId))?.ticket.lease;
      await test.passExpiry(lease?.expiresAt ?? "");
      await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, ticketId, progress(token)),
      );
      await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, ticketId, { type: "renew_lease", token, leaseMs: LIVE_LEASE_MS }),
      );
      await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, ticketId, { type: "complete", token }),
      );
    });

    it("blocks an expired lease on sweep, with a reason, and fences the old token out", async () => {
      const test = context();
      const live = await test.driveTo("inprogress");
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const lease = (await test.backend.read(ticketId))?.ticket.lease;
      await test.passExpiry(lease?.expiresAt ?? "");
      const swept = await sweepExpiredLeases(test.service, ACTORS.sweeper);
      expect(swept).toEqual([
        { ticketId, outcome: "blocked", expiredToken: token, reason: expect.stringContaining("expired") },
      ]);
      const record = await test.backend.read(ticketId);
      expect(record?.ticket).toMatchObject({ state: "blocked", lease: null });
      expect(record?.events.at(-1)).toMatchObject({
        kind: "failure",
        from: "inprogress",
        to: "blocked",
        token,
        actor: ACTORS.sweeper,
      });
      expect((await test.backend.read(live.ticketId))?.ticket.state).toBe("inprogress");
      await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, ticketId, progress(token)),
      );
      expect(await sweepExpiredLeases(test.service, ACTORS.sweeper)).toEqual([]);
    });

    it("takes over an expired lease with a new token equal to the new seq", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const lease = (await test.backend.read(ticketId))?.ticket.lease;
      await test.passExpiry(lease?.expiresAt ?? "");
      const takeover = test.serviceWith({ onExpiredLease: "takeover", leaseMs: LIVE_LEASE_MS });
      const [swept] = await sweepExpiredLeases(takeover, ACTORS.rival);
      const record = await test.backend.read(ticketId);
      const seq = record?.ticket.seq;
      expect(swept).toMatchObject({ ticketId, outcome: "takeover", expiredToken: token, newToken: seq });
      expect(record?.ticket).toMatchObject({
        state: "inprogress",
        lease: { holder: "orchestrator-2", token: seq },
      });
      expect(record?.events.at(-1)).toMatchObject({
        kind: "acceptance",
        from: "inprogress",
        to: "inprogress",
        token: seq,
      });
      await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, ticketId, progress(token)),
      );
      await test.execute(ACTORS.rival, ticketId, progress(seq ?? 0));
    });

    it("refuses a review from the attempt a takeover replaced, and records the new attempt's", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const stalePod = podIdFor(ticketId, token, "reviewer", 1);
      await test.passExpiry((await test.backend.read(ticketId))?.ticket.lease?.expiresAt ?? "");
      const takeover = test.serviceWith({ onExpiredLease: "takeover", leaseMs: LIVE_LEASE_MS });
      await sweepExpiredLeases(takeover, ACTORS.rival);
      const newToken = (await test.backend.read(ticketId))?.ticket.lease?.token ?? 0;
      const review = (attempt: { token: number; podId: string }) =>
        ({ type: "review", verdict: "approve", body: "Reviewed.", attempt }) as const;
      const refusal = await test.refuses(ticketId, "lease_lost", () =>
        test.execute(ACTORS.reviewer, ticketId, review({ token, podId: stalePod })),
      );
      expect(refusal.message).toContain(`the current attempt is lease token ${newToken}`);
      const livePod = podIdFor(ticketId, newToken, "reviewer", 1);
      const recorded = await test.execute(
        ACTORS.reviewer,
        ticketId,
        review({ token: newToken, podId: livePod }),
      );
      expect(recorded.event).toMatchObject({ kind: "review", token: newToken, data: { podId: livePod } });
      expect(recorded.record.ticket.reviews).toEqual([
        expect.objectContaining({ verdict: "approve", token: newToken, podId: livePod }),
      ]);
    });

    it("never sends a ticket back to queued when its lease expires", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      const lease = (await test.backend.read(ticketId))?.ticket.lease;
      await test.passExpiry(lease?.expiresAt ?? "");
      await sweepExpiredLeases(test.service, ACTORS.sweeper);
      const events = (await test.backend.read(ticketId))?.events ?? [];
      expect(events.filter((event) => event.from === "inprogress" && event.to === "queued")).toEqual([]);
      expect((await test.backend.list({ states: ["queued"] })).tickets).toEqual([]);
    });
  });

  describe("acceptance", () => {
    it("is idempotent per request id: a retry returns the same lease and appends nothing", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      const accept = {
        type: "accept",
        holder: "orchestrator-1",
        requestId: "req-1",
        leaseMs: LIVE_LEASE_MS,
      } as const;
      const first = await test.execute(ACTORS.orchestrator, ticketId, accept);
      const again = await test.execute(ACTORS.orchestrator, ticketId, accept);
      expect(first.repeated).toBe(false);
      expect(again).toMatchObject({ repeated: true, event: first.event });
      const events = (await test.backend.read(ticketId))?.events ?? [];
      expect(events.filter((event) => event.kind === "acceptance")).toHaveLength(1);
      expect(events).toHaveLength(first.event.seq);
    });

    it("does not let another holder reuse a request id to claim the acceptance", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      await test.execute(ACTORS.orchestrator, ticketId, {
        type: "accept",
        holder: "orchestrator-1",
        requestId: "accept-1",
        leaseMs: LIVE_LEASE_MS,
      });
      await test.refuses(ticketId, "conflict", () =>
        test.execute(ACTORS.rival, ticketId, {
          type: "accept",
          holder: "orchestrator-2",
          requestId: "accept-1",
          leaseMs: LIVE_LEASE_MS,
        }),
      );
    });

    it("answers a retry whose lease is gone with lease_lost, not with the dead lease", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      const accept = {
        type: "accept",
        holder: "orchestrator-1",
        requestId: "before-sweep",
        leaseMs: test.lapsingLeaseMs,
      } as const;
      const first = await test.execute(ACTORS.orchestrator, ticketId, accept);
      await test.passExpiry(first.event.data?.expiresAt ?? "");
      await test.refuses(ticketId, "lease_lost", () => test.execute(ACTORS.orchestrator, ticketId, accept));
      await sweepExpiredLeases(test.service, ACTORS.sweeper);
      await test.refuses(ticketId, "lease_lost", () => test.execute(ACTORS.orchestrator, ticketId, accept));
    });

    it("lets exactly one of many concurrent acceptors win, and keeps a log of who believed it won", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      const believedWon: string[] = [];
      const refusals: string[] = [];
      const acceptors = Array.from({ length: 16 }, (_, index) => `orchestrator-${index}`);
      await Promise.all(
        acceptors.map(async (agentId) => {
          // Each acceptor is its own service, as separate processes would be.
          const service = test.serviceWith({});
          try {
            const outcome = await service.execute({ role: "orchestrator", agentId }, ticketId, {
              type: "accept",
              holder: agentId,
              requestId: `accept-${agentId}`,
              leaseMs: LIVE_LEASE_MS,
            });
            if (!outcome.repeated) believedWon.push(agentId);
          } catch (error) {
            if (!TicketError.isInstance(error)) throw error;
            refusals.push(error.code);
          }
        }),
      );
      expect(believedWon).toHaveLength(1);
      expect(refusals).toEqual(Array.from({ length: 15 }, () => "conflict"));
      const record = await test.backend.read(ticketId);
      const acceptances = record?.events.filter((event) => event.kind === "acceptance") ?? [];
      expect(acceptances.map((event) => event.data?.holder)).toEqual(believedWon);
      expect(record?.ticket.lease?.holder).toBe(believedWon[0]);
    });

    it("lets racing retries of one request id record a single acceptance", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () =>
          test.serviceWith({}).execute(ACTORS.orchestrator, ticketId, {
            type: "accept",
            holder: "orchestrator-1",
            requestId: "the-one",
            leaseMs: LIVE_LEASE_MS,
          }),
        ),
      );
      expect(outcomes.filter((outcome) => !outcome.repeated)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.event.token))).toEqual(
        new Set([outcomes[0]?.event.token]),
      );
      const events = (await test.backend.read(ticketId))?.events ?? [];
      expect(events.filter((event) => event.kind === "acceptance")).toHaveLength(1);
    });
  });
}
