import { describe, expect, it } from "vitest";
import { committed, INTAKE, ORCHESTRATOR, refusalOf } from "../testing/ticket-fixtures.js";
import { reduceTicket } from "./reduce-ticket.js";
import type { TicketEvent } from "./ticket-event.js";

const HUMAN = { role: "human", agentId: "human-1" };
const REVIEWER = { role: "reviewer", agentId: "reviewer-1" };

const create = committed(1, {
  kind: "create",
  to: "planning",
  body: "Body.",
  data: { title: "Add retries", priority: "high", assignee: "alice" },
});

/** create → ready → queued → accepted (token 4), as the workflow writes it. */
function accepted(): TicketEvent[] {
  return [
    create,
    committed(2, { kind: "intake_summary", from: "planning", to: "ready", body: "Summary." }),
    committed(3, { kind: "state_changed", from: "ready", to: "queued", actor: HUMAN }),
    committed(4, {
      kind: "acceptance",
      from: "queued",
      to: "inprogress",
      token: 4,
      actor: ORCHESTRATOR,
      data: { holder: "orchestrator-1", requestId: "r", expiresAt: "2026-01-01T00:01:00.000Z" },
    }),
  ];
}

describe("reduceTicket", () => {
  it("derives a new ticket from its create event", () => {
    expect(reduceTicket("T-1", [create])).toEqual({
      id: "T-1",
      title: "Add retries",
      body: "Body.",
      state: "planning",
      priority: "high",
      assignee: "alice",
      relations: { depends_on: [], blocks: [], related: [], split_from: [] },
      intakeSummary: null,
      queuedBy: null,
      queuedAt: null,
      lease: null,
      resolution: null,
      reviews: [],
      createdAt: create.at,
      createdBy: INTAKE,
      updatedAt: create.at,
      seq: 1,
    });
  });

  it("records the intake summary, who queued and when, and the lease of the acceptance", () => {
    const events = accepted();
    const ticket = reduceTicket("T-1", events);
    expect(ticket).toMatchObject({
      state: "inprogress",
      intakeSummary: "Summary.",
      queuedBy: "human-1",
      queuedAt: events[2]?.at,
      lease: { holder: "orchestrator-1", token: 4, expiresAt: "2026-01-01T00:01:00.000Z" },
      seq: 4,
      updatedAt: events[3]?.at,
    });
  });

  it("moves the lease's expiry on renewal and replaces it on takeover", () => {
    const renewed = [
      ...accepted(),
      committed(5, {
        kind: "lease_renewed",
        token: 4,
        data: { holder: "orchestrator-1", expiresAt: "2026-01-01T00:05:00.000Z" },
      }),
    ];
    expect(reduceTicket("T-1", renewed).lease).toEqual({
      holder: "orchestrator-1",
      token: 4,
      expiresAt: "2026-01-01T00:05:00.000Z",
    });
    const takenOver = [
      ...renewed,
      committed(6, {
        kind: "acceptance",
        from: "inprogress",
        to: "inprogress",
        token: 6,
        data: { holder: "orchestrator-2", requestId: "takeover-6", expiresAt: "2026-01-01T00:09:00.000Z" },
      }),
    ];
    expect(reduceTicket("T-1", takenOver)).toMatchObject({
      state: "inprogress",
      lease: { holder: "orchestrator-2", token: 6, expiresAt: "2026-01-01T00:09:00.000Z" },
    });
  });

  it.each([
    ["blocked", "state_changed"],
    ["ready", "state_changed"],
    ["done", "state_changed"],
    ["closed", "close"],
    ["blocked", "failure"],
  ] as const)("clears the lease when the ticket leaves inprogress for %s (%s)", (to, kind) => {
    const events = [...accepted(), committed(5, { kind, from: "inprogress", to, token: 4 })];
    expect(reduceTicket("T-1", events)).toMatchObject({ state: to, lease: null });
  });

  it("keeps the lease through progress reports and reviews", () => {
    const events = [
      ...accepted(),
      committed(5, { kind: "progress", token: 4, body: "Halfway." }),
      committed(6, {
        kind: "review",
        token: 4,
        body: "Fix the test.",
        actor: REVIEWER,
        data: { verdict: "request_changes" },
      }),
      committed(7, { kind: "review", body: "Good now.", actor: REVIEWER, data: { verdict: "approve" } }),
    ];
    const ticket = reduceTicket("T-1", events);
    expect(ticket.lease?.token).toBe(4);
    expect(ticket.reviews).toEqual([
      { verdict: "request_changes", by: "reviewer-1", at: events[5]?.at, body: "Fix the test.", token: 4 },
      { verdict: "approve", by: "reviewer-1", at: events[6]?.at, body: "Good now." },
    ]);
  });

  it("adds relations once and removes them", () => {
    const relate = (seq: number, target: string, removed?: boolean) =>
      committed(seq, {
        kind: "relation",
        data: { relation: { type: "depends_on", target, ...(removed ? { removed } : {}) } },
      });
    const events = [
      create,
      relate(2, "T-2"),
      relate(3, "T-3"),
      relate(4, "T-2"),
      relate(5, "T-3", true),
      committed(6, { kind: "relation", data: { relation: { type: "blocks", target: "T-9" } } }),
    ];
    expect(reduceTicket("T-1", events).relations).toEqual({
      depends_on: ["T-2"],
      blocks: ["T-9"],
      related: [],
      split_from: [],
    });
  });

  it("applies edits field by field, null clearing the assignee", () => {
    const events = [
      create,
      committed(2, { kind: "edit", data: { title: "Retries with backoff" } }),
      committed(3, { kind: "edit", body: "New body.", data: { priority: "low", assignee: null } }),
    ];
    expect(reduceTicket("T-1", events)).toMatchObject({
      title: "Retries with backoff",
      body: "New body.",
      priority: "low",
      assignee: null,
    });
  });

  it("records the resolution of a close", () => {
    const events = [
      create,
      committed(2, {
        kind: "close",
        from: "planning",
        to: "closed",
        reason: "Dup.",
        data: { resolution: "Dup." },
      }),
    ];
    expect(reduceTicket("T-1", events)).toMatchObject({ state: "closed", resolution: "Dup." });
  });

  it("leaves who queued in place after the ticket moves on", () => {
    expect(reduceTicket("T-1", accepted()).queuedBy).toBe("human-1");
  });
});

describe("reduceTicket on a corrupt history", () => {
  it.each([
    ["an empty history", []],
    ["a history without create", [committed(1, { kind: "comment", body: "x" })]],
    ["a create that is not seq 1", [committed(2, { kind: "create", to: "planning" })]],
  ] as const)("refuses %s", (_, events) => {
    const refusal = refusalOf(() => reduceTicket("T-1", events));
    expect(refusal).toMatchObject({
      code: "corrupt",
      ticketId: "T-1",
      message: "Ticket 'T-1' has no 'create' event at seq 1.",
    });
  });

  it.each([
    ["a gap", [create, committed(3, { kind: "comment", body: "x" })], 1, 3],
    [
      "a repeated seq",
      [create, committed(2, { kind: "comment", body: "x" }), committed(2, { kind: "comment", body: "y" })],
      2,
      2,
    ],
    [
      "events out of order",
      [create, committed(3, { kind: "comment", body: "x" }), committed(2, { kind: "comment", body: "y" })],
      1,
      3,
    ],
  ] as const)("refuses %s, naming where the seqs jump", (_, events, from, to) => {
    const refusal = refusalOf(() => reduceTicket("T-1", events));
    expect(refusal).toMatchObject({
      code: "corrupt",
      message: `Ticket 'T-1' history jumps from seq ${from} to seq ${to}.`,
    });
  });
});
