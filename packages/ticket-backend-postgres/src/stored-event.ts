import { EVENT_KINDS, type Ticket, TicketError, type TicketEvent } from "@podkit/ticket-lifecycle";

/** The row fields of `ticket_events` besides the whole event, as `jsonb_to_recordset` reads them. */
export interface EventRow {
  readonly seq: number;
  readonly kind: string;
  readonly at: string;
  readonly actor_role: string;
  readonly actor_agent_id: string;
  readonly token: number | null;
  readonly event: TicketEvent;
}

/** A committed event as stored: its columns plus the event itself, undefined fields dropped. */
export function toEventRow(event: TicketEvent): EventRow {
  return {
    seq: event.seq,
    kind: event.kind,
    at: event.at,
    actor_role: event.actor.role,
    actor_agent_id: event.actor.agentId,
    token: event.token ?? null,
    event: JSON.parse(JSON.stringify(event)) as TicketEvent,
  };
}

/** The lease and state columns of `tickets`, derived from the ticket they index. */
export function ticketColumns(ticket: Ticket): [string, string | null, number | null, string | null] {
  return [
    ticket.state,
    ticket.lease?.holder ?? null,
    ticket.lease?.token ?? null,
    ticket.lease?.expiresAt ?? null,
  ];
}

const KINDS = new Set<string>(EVENT_KINDS);

/**
 * Checks what the database returned for one ticket's history: an array of objects shaped like
 * events. Row edits by hand can break that; a `corrupt` error names the ticket and the seq.
 */
export function parseStoredEvents(ticketId: string, value: unknown, location: string): TicketEvent[] {
  if (!Array.isArray(value)) throw corrupt(ticketId, `${location} is not a list of events`);
  return value.map((event: unknown, index) => {
    const candidate = event as Partial<TicketEvent> | null;
    const problem =
      candidate === null || typeof candidate !== "object"
        ? "is not an object"
        : typeof candidate.seq !== "number"
          ? "has no numeric seq"
          : !KINDS.has(String(candidate.kind))
            ? `has an unknown kind '${String(candidate.kind)}'`
            : typeof candidate.at !== "string" || Number.isNaN(Date.parse(candidate.at))
              ? "has no valid time"
              : typeof candidate.actor?.role !== "string" || typeof candidate.actor.agentId !== "string"
                ? "has no actor"
                : undefined;
    if (problem !== undefined) throw corrupt(ticketId, `${location}: event ${index + 1} ${problem}`);
    return candidate as TicketEvent;
  });
}

function corrupt(ticketId: string, message: string): TicketError {
  return new TicketError("corrupt", `Ticket '${ticketId}' is damaged: ${message}.`, { ticketId });
}
