import { describe, expect, it } from "vitest";
import {
  appended,
  decide,
  LEASE_EXPIRES_AT,
  LEASE_TOKEN,
  NOW,
  refusalOf,
  ticketIn,
} from "../testing/ticket-fixtures.js";
import type { TicketCommand, TicketCommandType } from "./ticket-command.js";
import type { TicketErrorCode } from "./ticket-error.js";
import type { EventKind } from "./ticket-event.js";
import { TICKET_STATES, type TicketState } from "./ticket-state.js";
import { TRANSITIONS } from "./workflow.js";

/** One well-formed command of every type: a new command type fails to type-check here until added. */
const COMMANDS: Record<TicketCommandType, TicketCommand> = {
  edit: { type: "edit", title: "Renamed" },
  comment: { type: "comment", kind: "comment", body: "A note." },
  relate: { type: "relate", relation: "related", target: "T-2" },
  // A reviewer Pod's review, bound to the attempt it was launched for.
  review: {
    type: "review",
    verdict: "approve",
    body: "Fine.",
    attempt: { token: LEASE_TOKEN, podId: "T-1-t4-reviewer-1" },
  },
  mark_ready: { type: "mark_ready", summary: "Clear scope." },
  queue: { type: "queue", reason: "Go." },
  return_to_planning: { type: "return_to_planning", reason: "Which API?" },
  accept: { type: "accept", holder: "orchestrator-1", requestId: "r-1", leaseMs: 60_000 },
  renew_lease: { type: "renew_lease", token: LEASE_TOKEN, leaseMs: 60_000 },
  report: { type: "report", token: LEASE_TOKEN, kind: "progress", body: "Halfway." },
  block: { type: "block", token: LEASE_TOKEN, reason: "Secret missing." },
  defer: { type: "defer", token: LEASE_TOKEN, reason: "Later." },
  complete: { type: "complete", token: LEASE_TOKEN, summary: "Merged." },
  close: { type: "close", resolution: "Resolved." },
  expire_lease: { type: "expire_lease" },
};

const KINDS: Record<TicketCommandType, EventKind> = {
  edit: "edit",
  comment: "comment",
  relate: "relation",
  review: "review",
  mark_ready: "intake_summary",
  queue: "state_changed",
  return_to_planning: "state_changed",
  accept: "acceptance",
  renew_lease: "lease_renewed",
  report: "progress",
  block: "state_changed",
  defer: "state_changed",
  complete: "state_changed",
  close: "close",
  expire_lease: "failure",
};

/** Commands that present a lease token: outside a live lease they are `lease_lost`, not `conflict`. */
const FENCED = new Set<TicketCommandType>(["renew_lease", "report", "block", "defer", "complete"]);
const AFTER_EXPIRY = new Date(Date.parse(LEASE_EXPIRES_AT) + 1);

/** The refusal message for a move the table lacks, with the allowed targets worked out here. */
function moveRefusal(state: TicketState, target: TicketState): string {
  const targets: TicketState[] = [];
  for (const transition of TRANSITIONS) {
    if (transition.from.includes(state) && !targets.includes(transition.to)) targets.push(transition.to);
  }
  const allowed = targets.length === 0 ? "nothing (final state)" : targets.join(", ");
  return `Cannot move ticket 'T-1' from '${state}' to '${target}'. Allowed from '${state}': ${allowed}.`;
}

type Expected =
  | { readonly from?: TicketState; readonly to?: TicketState; readonly token?: number }
  | { readonly code: TicketErrorCode; readonly message?: string };

function expectedOutcome(type: TicketCommandType, state: TicketState): Expected {
  const transition = TRANSITIONS.find((candidate) => candidate.command === type);
  if (type === "expire_lease") {
    return state === "inprogress"
      ? { from: state, to: "blocked", token: LEASE_TOKEN }
      : { code: "precondition_failed" };
  }
  if (FENCED.has(type) && state !== "inprogress") return { code: "lease_lost" };
  if (transition !== undefined) {
    if (!transition.from.includes(state)) {
      return { code: "conflict", message: moveRefusal(state, transition.to) };
    }
    const token = type === "accept" ? 7 : FENCED.has(type) ? LEASE_TOKEN : undefined;
    return { from: state, to: transition.to, ...(token === undefined ? {} : { token }) };
  }
  if ((type === "edit" || type === "relate") && state === "closed") return { code: "conflict" };
  if (type === "review" && state !== "inprogress") return { code: "conflict" };
  return FENCED.has(type) || type === "review" ? { token: LEASE_TOKEN } : {};
}

const CASES = TICKET_STATES.flatMap((state) =>
  (Object.keys(COMMANDS) as TicketCommandType[]).map((type) => ({ state, type })),
);

describe("decideTicketCommand for every state and command", () => {
  it.each(CASES)("decides $type in $state as the workflow says", ({ state, type }) => {
    const ticket = ticketIn(state);
    const run = () =>
      decide(ticket, COMMANDS[type], {
        gate: true,
        related: [["T-2", "planning"]],
        now: type === "expire_lease" ? AFTER_EXPIRY : NOW,
      });
    const expected = expectedOutcome(type, state);
    if ("code" in expected) {
      const refusal = refusalOf(run);
      expect(refusal.code).toBe(expected.code);
      expect(refusal.ticketId).toBe("T-1");
      if (expected.message !== undefined) expect(refusal.message).toBe(expected.message);
      return;
    }
    const event = appended(run());
    expect(event.kind).toBe(KINDS[type]);
    expect(event.from).toBe(expected.from);
    expect(event.to).toBe(expected.to);
    expect(event.token).toBe(expected.token);
  });

  it("words a refused move exactly, naming the allowed targets", () => {
    const refusal = refusalOf(() => decide(ticketIn("ready"), COMMANDS.accept));
    expect(refusal.code).toBe("conflict");
    expect(refusal.message).toBe(
      "Cannot move ticket 'T-1' from 'ready' to 'inprogress'. Allowed from 'ready': queued, planning, closed.",
    );
    expect(refusalOf(() => decide(ticketIn("closed"), COMMANDS.close, { gate: true })).message).toBe(
      "Cannot move ticket 'T-1' from 'closed' to 'closed'. Allowed from 'closed': nothing (final state).",
    );
  });
});

describe("the events decisions produce", () => {
  it("accepts with a lease for the holder that ends leaseMs from now, token the next seq", () => {
    const event = appended(decide(ticketIn("queued", { seq: 9 }), COMMANDS.accept));
    expect(event).toEqual({
      kind: "acceptance",
      from: "queued",
      to: "inprogress",
      token: 10,
      data: { holder: "orchestrator-1", requestId: "r-1", expiresAt: "2026-01-01T00:01:00.000Z" },
    });
  });

  it("renews the lease from now, keeping the token", () => {
    const renewed = appended(
      decide(ticketIn("inprogress"), { type: "renew_lease", token: LEASE_TOKEN, leaseMs: 120_000 }),
    );
    expect(renewed).toEqual({
      kind: "lease_renewed",
      token: LEASE_TOKEN,
      data: { holder: "orchestrator-1", expiresAt: "2026-01-01T00:02:00.000Z" },
    });
  });

  it("records a report under its kind with details", () => {
    const event = appended(
      decide(ticketIn("inprogress"), {
        type: "report",
        token: LEASE_TOKEN,
        kind: "intent",
        body: "  create worktree  ",
        details: { step: "worktree", attempt: 1 },
      }),
    );
    expect(event).toEqual({
      kind: "intent",
      token: LEASE_TOKEN,
      body: "create worktree",
      data: { details: { step: "worktree", attempt: 1 } },
    });
  });

  it("queues from ready with an optional, trimmed reason", () => {
    expect(appended(decide(ticketIn("ready"), { type: "queue" }))).toEqual({
      kind: "state_changed",
      from: "ready",
      to: "queued",
    });
    expect(appended(decide(ticketIn("ready"), { type: "queue", reason: "  now  " })).reason).toBe("now");
  });

  it("completes with an optional summary as the body", () => {
    const bare = appended(
      decide(ticketIn("inprogress"), { type: "complete", token: LEASE_TOKEN, summary: " " }),
    );
    expect(bare).toEqual({ kind: "state_changed", from: "inprogress", to: "done", token: LEASE_TOKEN });
    expect(appended(decide(ticketIn("inprogress"), COMMANDS.complete)).body).toBe("Merged.");
  });

  it("closes with the resolution as reason and data", () => {
    const event = appended(decide(ticketIn("done"), { type: "close", resolution: " Shipped in 1.2 " }));
    expect(event).toEqual({
      kind: "close",
      from: "done",
      to: "closed",
      reason: "Shipped in 1.2",
      data: { resolution: "Shipped in 1.2" },
    });
  });

  it("edits only the fields given and refuses an edit of nothing", () => {
    const event = appended(
      decide(ticketIn("ready"), {
        type: "edit",
        title: " New title ",
        body: "  kept as is ",
        assignee: null,
      }),
    );
    expect(event).toEqual({
      kind: "edit",
      body: "  kept as is ",
      data: { title: "New title", assignee: null },
    });
    expect(refusalOf(() => decide(ticketIn("ready"), { type: "edit" })).code).toBe("invalid_input");
  });

  it("relates and unrelates; removing needs no living target", () => {
    const added = appended(decide(ticketIn("planning"), COMMANDS.relate, { related: [["T-2", "done"]] }));
    expect(added).toEqual({ kind: "relation", data: { relation: { type: "related", target: "T-2" } } });
    const removed = appended(
      decide(ticketIn("planning"), { type: "relate", relation: "blocks", target: "T-9", remove: true }),
    );
    expect(removed.data?.relation).toEqual({ type: "blocks", target: "T-9", removed: true });
  });

  it("records comments, plans and decisions on any ticket, closed ones included", () => {
    for (const kind of ["comment", "plan", "decision"] as const) {
      expect(appended(decide(ticketIn("closed"), { type: "comment", kind, body: " x " }))).toEqual({
        kind,
        body: "x",
      });
    }
  });
});
