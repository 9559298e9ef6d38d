import { type Decision, decideTicketCommand } from "../domain/decide-ticket-command.js";
import type { Ticket } from "../domain/ticket.js";
import type { TicketCommand } from "../domain/ticket-command.js";
import { TicketError } from "../domain/ticket-error.js";
import type { EventActor, TicketEvent } from "../domain/ticket-event.js";
import type { TicketState } from "../domain/ticket-state.js";

/** The time every fixture decision is made at unless a test says otherwise. */
export const NOW = new Date("2026-01-01T00:00:00.000Z");
/** When the fixture lease of an in-progress ticket lapses. */
export const LEASE_EXPIRES_AT = "2026-01-01T00:01:00.000Z";
/** The fixture lease token: the seq of the acceptance in the fixture history. */
export const LEASE_TOKEN = 4;

export const INTAKE: EventActor = { role: "intake", agentId: "intake-1" };
export const ORCHESTRATOR: EventActor = { role: "orchestrator", agentId: "orchestrator-1" };

/** A ticket `T-1` in `state`, as if derived from a plausible history; override any field. */
export function ticketIn(state: TicketState, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: "T-1",
    title: "Add retries",
    body: "Retry failed fetches.",
    state,
    priority: "normal",
    assignee: null,
    relations: { depends_on: [], blocks: [], related: [], split_from: [] },
    intakeSummary: null,
    queuedBy: null,
    queuedAt: null,
    lease:
      state === "inprogress"
        ? { holder: "orchestrator-1", token: LEASE_TOKEN, expiresAt: LEASE_EXPIRES_AT }
        : null,
    resolution: null,
    reviews: [],
    createdAt: "2025-12-31T00:00:00.000Z",
    createdBy: INTAKE,
    updatedAt: "2025-12-31T12:00:00.000Z",
    seq: 6,
    ...overrides,
  };
}

export interface DecideOptions {
  readonly now?: Date;
  readonly gate?: boolean;
  readonly actor?: EventActor;
  readonly events?: readonly TicketEvent[];
  readonly related?: Iterable<readonly [string, TicketState | undefined]>;
}

/** `decideTicketCommand` with fixture defaults. */
export function decide(ticket: Ticket, command: TicketCommand, options: DecideOptions = {}): Decision {
  return decideTicketCommand(
    {
      ticket,
      events: options.events ?? [],
      now: options.now ?? NOW,
      actor: options.actor ?? ORCHESTRATOR,
      gate: options.gate ?? false,
      related: new Map(options.related ?? []),
    },
    command,
  );
}

/** The `TicketError` `action` throws; fails the test when it throws nothing or something else. */
export function refusalOf(action: () => unknown): TicketError {
  try {
    action();
  } catch (error) {
    if (TicketError.isInstance(error)) return error;
    throw new Error(`expected a TicketError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a TicketError, but the action succeeded");
}

/** The event a decision appends; fails the test when the decision appends nothing. */
export function appended(decision: Decision) {
  if (decision.kind !== "append") throw new Error(`expected an append, got '${decision.kind}'`);
  return decision.event;
}

/** A committed event with fixture actor and time. */
export function committed(
  seq: number,
  event: Omit<TicketEvent, "seq" | "actor" | "at"> & Partial<TicketEvent>,
): TicketEvent {
  return { actor: INTAKE, at: `2026-01-01T00:00:${String(seq).padStart(2, "0")}.000Z`, ...event, seq };
}
