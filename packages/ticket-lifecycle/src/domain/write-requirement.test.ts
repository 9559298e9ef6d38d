import { describe, expect, it } from "vitest";
import {
  decide,
  LEASE_EXPIRES_AT,
  LEASE_TOKEN,
  NOW,
  refusalOf,
  ticketIn,
} from "../testing/ticket-fixtures.js";
import type { Decision } from "./decide-ticket-command.js";
import type { TicketCommand } from "./ticket-command.js";
import type { TicketState } from "./ticket-state.js";
import { checkWriteRequirement, type WriteRequirement } from "./write-requirement.js";

const EXPIRY = Date.parse(LEASE_EXPIRES_AT);
const LIVE_LEASE: WriteRequirement = { kind: "live-lease", token: LEASE_TOKEN, holder: "orchestrator-1" };

function requirementOf(decision: Decision): WriteRequirement {
  if (decision.kind !== "append") throw new Error(`expected an append, got '${decision.kind}'`);
  return decision.requires;
}

describe("what a decision requires of its write", () => {
  const cases: readonly [TicketState, TicketCommand, WriteRequirement, { gate?: boolean; now?: Date }?][] = [
    ["planning", { type: "comment", kind: "comment", body: "hi" }, { kind: "none" }],
    ["ready", { type: "edit", title: "New" }, { kind: "none" }],
    ["planning", { type: "mark_ready", summary: "Go." }, { kind: "state", state: "planning" }],
    ["ready", { type: "queue" }, { kind: "state", state: "ready" }],
    [
      "queued",
      { type: "accept", holder: "o", requestId: "r", leaseMs: 5_000 },
      { kind: "state", state: "queued" },
    ],
    [
      "blocked",
      { type: "close", resolution: "Dropped." },
      { kind: "state", state: "blocked" },
      { gate: true },
    ],
    ["inprogress", { type: "renew_lease", token: LEASE_TOKEN, leaseMs: 5_000 }, LIVE_LEASE],
    ["inprogress", { type: "report", token: LEASE_TOKEN, kind: "intent", body: "b" }, LIVE_LEASE],
    ["inprogress", { type: "block", token: LEASE_TOKEN, reason: "r" }, LIVE_LEASE],
    ["inprogress", { type: "defer", token: LEASE_TOKEN, reason: "r" }, LIVE_LEASE],
    ["inprogress", { type: "complete", token: LEASE_TOKEN }, LIVE_LEASE],
    [
      "inprogress",
      { type: "expire_lease" },
      { kind: "expired-lease", token: LEASE_TOKEN },
      { now: new Date(EXPIRY) },
    ],
  ];

  it.each(cases)("from '%s', %o requires %o", (state, command, requirement, options = {}) => {
    expect(requirementOf(decide(ticketIn(state), command, options))).toEqual(requirement);
  });

  it("requires of a takeover that the lease it replaces is still the expired one", () => {
    const takeover: TicketCommand = { type: "expire_lease", takeover: { holder: "o-2", leaseMs: 5_000 } };
    expect(requirementOf(decide(ticketIn("inprogress"), takeover, { now: new Date(EXPIRY + 1) }))).toEqual({
      kind: "expired-lease",
      token: LEASE_TOKEN,
    });
  });
});

describe("checkWriteRequirement", () => {
  it("passes a requirement that holds", () => {
    expect(() => checkWriteRequirement(ticketIn("inprogress"), LIVE_LEASE, NOW)).not.toThrow();
    expect(() =>
      checkWriteRequirement(
        ticketIn("inprogress"),
        { kind: "expired-lease", token: LEASE_TOKEN },
        new Date(EXPIRY),
      ),
    ).not.toThrow();
    expect(() =>
      checkWriteRequirement(ticketIn("queued"), { kind: "state", state: "queued" }, NOW),
    ).not.toThrow();
  });

  it("refuses a live lease that lapsed, changed hands or is gone, with lease_lost", () => {
    const ticket = ticketIn("inprogress");
    const check = (candidate: typeof ticket, requirement: WriteRequirement, now = NOW) =>
      refusalOf(() => checkWriteRequirement(candidate, requirement, now));
    expect(check(ticket, LIVE_LEASE, new Date(EXPIRY)).message).toContain(`expired at ${LEASE_EXPIRES_AT}`);
    expect(check(ticket, { ...LIVE_LEASE, holder: "orchestrator-9" }).message).toBe(
      "The lease on ticket 'T-1' is held by 'orchestrator-1', not by 'orchestrator-9'; only the holder may write under it.",
    );
    expect(check(ticket, { ...LIVE_LEASE, token: LEASE_TOKEN + 1 }).code).toBe("lease_lost");
    expect(check(ticketIn("blocked"), LIVE_LEASE).code).toBe("lease_lost");
  });

  it("refuses to resolve a live or replaced lease as expired, with precondition_failed", () => {
    const refusal = refusalOf(() =>
      checkWriteRequirement(ticketIn("inprogress"), { kind: "expired-lease", token: LEASE_TOKEN }, NOW),
    );
    expect(refusal).toMatchObject({ code: "precondition_failed" });
    const replaced = refusalOf(() =>
      checkWriteRequirement(ticketIn("inprogress"), { kind: "expired-lease", token: 2 }, new Date(EXPIRY)),
    );
    expect(replaced.message).toContain(`has lease token ${LEASE_TOKEN} now, not the expired token 2`);
  });

  it("refuses a state the ticket has left, with conflict", () => {
    const refusal = refusalOf(() =>
      checkWriteRequirement(ticketIn("ready"), { kind: "state", state: "queued" }, NOW),
    );
    expect(refusal).toMatchObject({ code: "conflict" });
    expect(refusal.message).toContain("is 'ready'; this write was decided for it in 'queued'");
  });
});
