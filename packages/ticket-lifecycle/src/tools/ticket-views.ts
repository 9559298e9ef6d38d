import type { z } from "zod";
import type { Ticket, TicketRecord } from "../domain/ticket.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import type { CommandOutcome } from "../service/ticket-service.js";
import type {
  ChangedTicketSchema,
  EventViewSchema,
  HistoryViewSchema,
  RecordedEventSchema,
  TicketSummarySchema,
  TicketViewSchema,
} from "./ticket-schemas.js";

/** Characters of each history entry's or review's body that `ticket_show` includes at most. */
export const HISTORY_BODY_LIMIT = 4_000;

/** Cuts text to at most `max` characters on a code point boundary, marking what was cut. */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  const codePoints = [...text];
  if (codePoints.length <= max) return { text, truncated: false };
  const omitted = codePoints.length - max;
  return {
    text: `${codePoints.slice(0, max).join("")}\n… [truncated ${omitted} characters]`,
    truncated: true,
  };
}

export function summarize(ticket: Ticket): z.input<typeof TicketSummarySchema> {
  return {
    id: ticket.id,
    title: ticket.title,
    state: ticket.state,
    priority: ticket.priority,
    assignee: ticket.assignee,
    dependsOn: [...ticket.relations.depends_on],
    lease: ticket.lease,
    updatedAt: ticket.updatedAt,
    seq: ticket.seq,
  };
}

/** The answer of a tool that changed a ticket: the ticket after the change. */
export function changedTicket(outcome: CommandOutcome): z.input<typeof ChangedTicketSchema> {
  return { ticket: summarize(outcome.record.ticket) };
}

/** The answer of a tool that recorded an event: where it was recorded. */
export function recordedEvent(outcome: CommandOutcome): z.input<typeof RecordedEventSchema> {
  return { ticketId: outcome.record.ticket.id, seq: outcome.event.seq };
}

export function viewTicket(ticket: Ticket, bodyLimit: number): z.input<typeof TicketViewSchema> {
  const body = truncateText(ticket.body, bodyLimit);
  return {
    ...summarize(ticket),
    body: body.text,
    bodyTruncated: body.truncated,
    relations: {
      depends_on: [...ticket.relations.depends_on],
      blocks: [...ticket.relations.blocks],
      related: [...ticket.relations.related],
      split_from: [...ticket.relations.split_from],
    },
    intakeSummary: ticket.intakeSummary,
    queuedBy: ticket.queuedBy,
    queuedAt: ticket.queuedAt,
    resolution: ticket.resolution,
    reviews: ticket.reviews.map((review) => ({
      ...review,
      body: truncateText(review.body, Math.min(bodyLimit, HISTORY_BODY_LIMIT)).text,
    })),
    createdAt: ticket.createdAt,
    createdBy: `${ticket.createdBy.role}/${ticket.createdBy.agentId}`,
  };
}

export function viewEvent(event: TicketEvent, bodyLimit: number): z.input<typeof EventViewSchema> {
  return {
    seq: event.seq,
    kind: event.kind,
    actor: `${event.actor.role}/${event.actor.agentId}`,
    at: event.at,
    ...(event.from === undefined ? {} : { from: event.from }),
    ...(event.to === undefined ? {} : { to: event.to }),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.token === undefined ? {} : { token: event.token }),
    ...(event.body === undefined ? {} : { body: truncateText(event.body, bodyLimit).text }),
    ...(event.data === undefined ? {} : { data: { ...event.data } }),
  };
}

export function viewHistory(
  record: TicketRecord,
  limit: number,
  bodyLimit: number,
): z.input<typeof HistoryViewSchema> {
  const events = record.events.slice(Math.max(0, record.events.length - limit));
  return {
    events: events.map((event) => viewEvent(event, bodyLimit)),
    count: record.events.length,
    returned: events.length,
    truncated: events.length < record.events.length,
  };
}
