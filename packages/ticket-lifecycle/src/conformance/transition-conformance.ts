import { describe, expect, it } from "vitest";
import type { TicketCommand, TicketCommandType } from "../domain/ticket-command.js";
import type { EventActor, EventKind } from "../domain/ticket-event.js";
import { TRANSITIONS } from "../domain/workflow.js";
import { ACTORS, type ConformanceContext, LIVE_LEASE_MS } from "./conformance-context.js";

/** How the suite issues one transition command, and the event kind it must record. */
interface Step {
  readonly actor: EventActor;
  readonly command: TicketCommand;
  readonly gate?: boolean;
  readonly kind: EventKind;
  readonly fenced?: boolean;
}

const STEPS: Partial<Record<TicketCommandType, (token: number) => Step>> = {
  mark_ready: () => ({
    actor: ACTORS.intake,
    command: { type: "mark_ready", summary: "Scope agreed." },
    kind: "intake_summary",
  }),
  queue: () => ({
    actor: ACTORS.human,
    command: { type: "queue", reason: "Go ahead." },
    gate: true,
    kind: "state_changed",
  }),
  return_to_planning: () => ({
    actor: ACTORS.orchestrator,
    command: { type: "return_to_planning", reason: "Which database?" },
    kind: "state_changed",
  }),
  accept: () => ({
    actor: ACTORS.orchestrator,
    command: { type: "accept", holder: "orchestrator-1", requestId: "transition", leaseMs: LIVE_LEASE_MS },
    kind: "acceptance",
  }),
  block: (token) => ({
    actor: ACTORS.orchestrator,
    command: { type: "block", token, reason: "Tests need a secret." },
    kind: "state_changed",
    fenced: true,
  }),
  defer: (token) => ({
    actor: ACTORS.orchestrator,
    command: { type: "defer", token, reason: "Later." },
    kind: "state_changed",
    fenced: true,
  }),
  complete: (token) => ({
    actor: ACTORS.orchestrator,
    command: { type: "complete", token, summary: "Merged." },
    kind: "state_changed",
    fenced: true,
  }),
  close: () => ({
    actor: ACTORS.human,
    command: { type: "close", resolution: "Resolved." },
    gate: true,
    kind: "close",
  }),
  expire_lease: () => ({
    actor: ACTORS.sweeper,
    command: { type: "expire_lease" },
    kind: "failure",
    fenced: true,
  }),
};

const CASES = TRANSITIONS.flatMap((transition) =>
  transition.from.map((from) => ({ command: transition.command, from, to: transition.to })),
);

/** Every row of the workflow table, through `TicketService` on the backend under test. */
export function describeTransitionConformance(context: () => ConformanceContext): void {
  describe("workflow transitions through TicketService", () => {
    it.each(CASES)("$command moves a ticket from $from to $to", async ({ command, from, to }) => {
      const test = context();
      const stepFor = STEPS[command];
      expect(stepFor, `the suite has no step for '${command}'; extend STEPS`).toBeDefined();
      const lapses = command === "expire_lease";
      const { ticketId, token = 0 } = await test.driveTo(
        from,
        lapses ? { leaseMs: test.lapsingLeaseMs } : {},
      );
      const before = await test.backend.read(ticketId);
      if (lapses && before?.ticket.lease) await test.passExpiry(before.ticket.lease.expiresAt);
      const step = (stepFor as (token: number) => Step)(token);
      const outcome = await test.execute(step.actor, ticketId, step.command, step.gate ? { gate: true } : {});
      expect(outcome.repeated).toBe(false);
      expect(outcome.event).toMatchObject({
        kind: step.kind,
        from,
        to,
        seq: (before?.ticket.seq ?? 0) + 1,
        actor: step.actor,
      });
      if (step.fenced) expect(outcome.event.token).toBe(token);
      if (command === "accept") expect(outcome.event.token).toBe(outcome.event.seq);
      expect(outcome.record.ticket.state).toBe(to);
      expect(outcome.record.ticket.lease === null).toBe(to !== "inprogress");
      expect(await test.backend.read(ticketId)).toEqual(outcome.record);
      expect((await test.backend.list({ states: [to] })).tickets.map((t) => t.id)).toContain(ticketId);
    });
  });
}
