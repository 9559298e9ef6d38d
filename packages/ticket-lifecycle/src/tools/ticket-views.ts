import type { ToolContext } from "@podkit/core";
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
import { seesTokens, type TicketViewer, viewerOf } from "./ticket-viewer.js";

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

/** A ticket without body and history, as `viewer` may see it (the lease token only if theirs). */
export function summarize(ticket: Ticket, viewer: TicketViewer): z.input<typeof TicketSummarySchema> {
  const lease = ticket.lease;
  return {
    id: ticket.id,
    title: ticket.title,
    state: ticket.state,
    priority: ticket.priority,
    assignee: ticket.assignee,
    dependsOn: [...ticket.relations.depends_on],
    lease:
      lease === null || seesTokens(ticket, viewer)
        ? lease
        : { holder: lease.holder, expiresAt: lease.expiresAt },
    updatedAt: ticket.updatedAt,
    seq: ticket.seq,
  };
}

/** The answer of a tool that changed a ticket: the ticket after the change, as the caller may see it. */
export function changedTicket(
  outcome: CommandOutcome,
  context: ToolContext,
): z.input<typeof ChangedTicketSchema> {
  return { ticket: summarize(outcome.record.ticket, viewerOf(context)) };
}

/** The answer of a tool that recorded an event: where it was recorded. */
export function recordedEvent(outcome: CommandOutcome): z.input<typeof RecordedEventSchema> {
  return { ticketId: outcome.record.ticket.id, seq: outcome.event.seq };
}

/** A ticket as `ticket_show` returns it to `viewer`: a bounded body, reviews, relations. */
export function viewTicket(
  ticket: Ticket,
  options: { readonly bodyLimit: number; readonly viewer: TicketViewer },
): z.input<typeof TicketViewSchema> {
  const { bodyLimit, viewer } = options;
  const tokens = seesTokens(ticket, viewer);
  const body = truncateText(ticket.body, bodyLimit);
  return {
    ...summarize(ticket, viewer),
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
    reviews: ticket.reviews.map(({ token, ...review }) => ({
      ...review,
      body: truncateText(review.body, Math.min(bodyLimit, HISTORY_BODY_LIMIT)).text,
      ...(token === undefined || !tokens ? {} : { token }),
    })),
    createdAt: ticket.createdAt,
    createdBy: `${ticket.createdBy.role}/${ticket.createdBy.agentId}`,
  };
}

/** One history event, its body bounded; its token only when `showToken`. */
export function viewEvent(
  event: TicketEvent,
  options: { readonly bodyLimit: number; readonly showToken: boolean },
): z.input<typeof EventViewSchema> {
  const { bodyLimit, showToken } = options;
  return {
    seq: event.seq,
    kind: event.kind,
    actor: `${event.actor.role}/${event.actor.agentId}`,
    agentId: event.actor.agentId,
    at: event.at,
    ...(event.from === undefined ? {} : { from: event.from }),
    ...(event.to === undefined ? {} : { to: event.to }),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.token === undefined || !showToken ? {} : { token: event.token }),
    ...(event.body === undefined ? {} : { body: truncateText(event.body, bodyLimit).text }),
    ...(event.data === undefined ? {} : { data: { ...event.data } }),
  };
}

/** The latest `limit` events of a ticket's history, as `viewer` may see them. */
export function viewHistory(
  record: TicketRecord,
  options: {
    readonly limit: number;
    /** Only events before this sequence number: the page that ends where a later one began. */
    readonly before?: number;
    readonly bodyLimit: number;
    readonly viewer: TicketViewer;
  },
): z.input<typeof HistoryViewSchema> {
  const { limit, before, bodyLimit } = options;
  const showToken = seesTokens(record.ticket, options.viewer);
  const all = record.events;
  const end = before === undefined ? all.length : all.filter((event) => event.seq < before).length;
  const start = Math.max(0, end - limit);
  const events = all.slice(start, end);
  const first = all[start];
  return {
    events: events.map((event) => viewEvent(event, { bodyLimit, showToken })),
    count: all.length,
    returned: events.length,
    truncated: start > 0,
    nextBefore: start === 0 ? null : (first?.seq ?? (all[start - 1]?.seq ?? 0) + 1),
  };
}
