import { describe, expect, it } from "vitest";
import {
  appended,
  committed,
  decide,
  LEASE_EXPIRES_AT,
  LEASE_TOKEN,
  NOW,
  ORCHESTRATOR,
  refusalOf,
  ticketIn,
} from "../testing/ticket-fixtures.js";
import type { TicketCommand } from "./ticket-command.js";
import { LEASE_BOUNDS_MS } from "./ticket-state.js";

const EXPIRY = Date.parse(LEASE_EXPIRES_AT);
const at = (ms: number) => new Date(ms);
const report = (token: number): TicketCommand => ({ type: "report", token, kind: "progress", body: "x" });

describe("lease checks on fenced writes", () => {
  it("refuses a token other than the live one, naming the current lease", () => {
    for (const token of [LEASE_TOKEN - 1, LEASE_TOKEN + 1]) {
      const refusal = refusalOf(() => decide(ticketIn("inprogress"), report(token)));
      expect(refusal.code).toBe("lease_lost");
      expect(refusal.message).toBe(
        `Lease token ${token} on ticket 'T-1' is stale: the current lease is token ${LEASE_TOKEN}, held by 'orchestrator-1'. Stop work on it.`,
      );
    }
  });

  it("refuses the live token presented by anyone but the holder, whatever the command", () => {
    const rival = { role: "orchestrator", agentId: "orchestrator-2" };
    const commands: TicketCommand[] = [
      report(LEASE_TOKEN),
      { type: "renew_lease", token: LEASE_TOKEN, leaseMs: 60_000 },
      { type: "block", token: LEASE_TOKEN, reason: "r" },
      { type: "defer", token: LEASE_TOKEN, reason: "r" },
      { type: "complete", token: LEASE_TOKEN },
    ];
    for (const command of commands) {
      const refusal = refusalOf(() => decide(ticketIn("inprogress"), command, { actor: rival }));
      expect(refusal).toMatchObject({
        code: "lease_lost",
        message:
          "The lease on ticket 'T-1' is held by 'orchestrator-1', not by 'orchestrator-2'; only the holder may write under it.",
      });
      expect(decide(ticketIn("inprogress"), command, { actor: ORCHESTRATOR }).kind).toBe("append");
    }
  });

  it("refuses the live token once the lease has expired, and accepts it a moment before", () => {
    expect(appended(decide(ticketIn("inprogress"), report(LEASE_TOKEN), { now: at(EXPIRY - 1) })).token).toBe(
      LEASE_TOKEN,
    );
    for (const now of [EXPIRY, EXPIRY + 60_000]) {
      const refusal = refusalOf(() => decide(ticketIn("inprogress"), report(LEASE_TOKEN), { now: at(now) }));
      expect(refusal.code).toBe("lease_lost");
      expect(refusal.message).toContain(`expired at ${LEASE_EXPIRES_AT}`);
    }
  });

  it("refuses any token once the ticket has left inprogress, naming its state", () => {
    const refusal = refusalOf(() => decide(ticketIn("blocked"), report(LEASE_TOKEN)));
    expect(refusal).toMatchObject({ code: "lease_lost" });
    expect(refusal.message).toContain("the ticket is 'blocked'");
  });

  it("refuses an inprogress ticket that somehow has no lease", () => {
    expect(refusalOf(() => decide(ticketIn("inprogress", { lease: null }), report(LEASE_TOKEN))).code).toBe(
      "lease_lost",
    );
  });
});

describe("lease bounds", () => {
  const accept = (leaseMs: number): TicketCommand => ({
    type: "accept",
    holder: "o",
    requestId: "r",
    leaseMs,
  });
  const renew = (leaseMs: number): TicketCommand => ({ type: "renew_lease", token: LEASE_TOKEN, leaseMs });

  it("accepts and renews with leases from the minimum to the maximum", () => {
    for (const leaseMs of [LEASE_BOUNDS_MS.min, LEASE_BOUNDS_MS.max]) {
      const expected = new Date(NOW.getTime() + leaseMs).toISOString();
      expect(appended(decide(ticketIn("queued"), accept(leaseMs))).data?.expiresAt).toBe(expected);
      expect(appended(decide(ticketIn("inprogress"), renew(leaseMs))).data?.expiresAt).toBe(expected);
    }
  });

  it("refuses leases out of bounds or not whole milliseconds", () => {
    for (const leaseMs of [0, -1, LEASE_BOUNDS_MS.min - 1, LEASE_BOUNDS_MS.max + 1, 1_500.5, Number.NaN]) {
      for (const [state, command] of [
        ["queued", accept(leaseMs)],
        ["inprogress", renew(leaseMs)],
      ] as const) {
        const refusal = refusalOf(() => decide(ticketIn(state), command));
        expect(refusal.code).toBe("invalid_input");
        expect(refusal.message).toContain(`allowed: ${LEASE_BOUNDS_MS.min} to ${LEASE_BOUNDS_MS.max} ms`);
      }
    }
  });
});

describe("expire_lease", () => {
  it("is refused while the lease is live, naming when it expires", () => {
    const refusal = refusalOf(() =>
      decide(ticketIn("inprogress"), { type: "expire_lease" }, { now: at(EXPIRY - 1) }),
    );
    expect(refusal.code).toBe("precondition_failed");
    expect(refusal.message).toContain(`lease expires at ${LEASE_EXPIRES_AT}`);
  });

  it("blocks an expired lease with a reason under the expired token", () => {
    const event = appended(decide(ticketIn("inprogress"), { type: "expire_lease" }, { now: at(EXPIRY) }));
    expect(event).toEqual({
      kind: "failure",
      from: "inprogress",
      to: "blocked",
      token: LEASE_TOKEN,
      reason: `lease of 'orchestrator-1' (token ${LEASE_TOKEN}) expired at ${LEASE_EXPIRES_AT} without renewal`,
    });
  });

  it("takes over with a new token equal to the new seq and a fresh lease", () => {
    const ticket = ticketIn("inprogress", { seq: 11 });
    const takeover = {
      type: "expire_lease",
      takeover: { holder: "orchestrator-2", leaseMs: 30_000 },
    } as const;
    const event = appended(decide(ticket, takeover, { now: at(EXPIRY + 5) }));
    expect(event).toMatchObject({ kind: "acceptance", from: "inprogress", to: "inprogress", token: 12 });
    expect(event.data).toEqual({
      holder: "orchestrator-2",
      requestId: "takeover-12",
      expiresAt: new Date(EXPIRY + 5 + 30_000).toISOString(),
    });
    expect(event.reason).toMatch(/^takeover: lease of 'orchestrator-1' \(token 4\) expired/);
  });

  it("takes the takeover's lease length from the command (the policy), within the lease bounds", () => {
    const ticket = ticketIn("inprogress", { seq: 11 });
    const takeover = (leaseMs: number) =>
      ({ type: "expire_lease", takeover: { holder: "o-3", leaseMs } }) as const;
    expect(appended(decide(ticket, takeover(90_000), { now: at(EXPIRY) })).data?.expiresAt).toBe(
      new Date(EXPIRY + 90_000).toISOString(),
    );
    expect(refusalOf(() => decide(ticket, takeover(LEASE_BOUNDS_MS.min - 1), { now: at(EXPIRY) })).code).toBe(
      "invalid_input",
    );
  });
});

describe("accept retried with a known request id", () => {
  const acceptance = committed(LEASE_TOKEN, {
    kind: "acceptance",
    from: "queued",
    to: "inprogress",
    token: LEASE_TOKEN,
    actor: ORCHESTRATOR,
    data: { holder: "orchestrator-1", requestId: "r-1", expiresAt: LEASE_EXPIRES_AT },
  });
  const retry = { type: "accept", holder: "orchestrator-1", requestId: "r-1", leaseMs: 60_000 } as const;

  it("repeats the earlier acceptance while its lease is live, appending nothing", () => {
    const decision = decide(ticketIn("inprogress"), retry, { events: [acceptance] });
    expect(decision).toEqual({ kind: "unchanged", event: acceptance });
  });

  it("is a conflict when another holder presents the same request id", () => {
    const refusal = refusalOf(() =>
      decide(ticketIn("inprogress"), { ...retry, holder: "orchestrator-2" }, { events: [acceptance] }),
    );
    expect(refusal.code).toBe("conflict");
  });

  it("is lease_lost once that lease has expired, been swept or been taken over", () => {
    const cases = [
      { ticket: ticketIn("inprogress"), now: at(EXPIRY) },
      { ticket: ticketIn("blocked"), now: NOW },
      {
        ticket: ticketIn("inprogress", {
          lease: { holder: "o-2", token: 9, expiresAt: "2027-01-01T00:00:00.000Z" },
        }),
        now: NOW,
      },
    ];
    for (const { ticket, now } of cases) {
      expect(refusalOf(() => decide(ticket, retry, { events: [acceptance], now })).code).toBe("lease_lost");
    }
  });

  it("is a new acceptance when the request id is new", () => {
    expect(refusalOf(() => decide(ticketIn("inprogress"), { ...retry, requestId: "r-2" })).code).toBe(
      "conflict",
    );
    expect(decide(ticketIn("queued"), { ...retry, requestId: "r-2" }, { events: [acceptance] }).kind).toBe(
      "append",
    );
  });
});
