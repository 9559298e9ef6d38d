import type { Ticket, TicketReview } from "./ticket.js";
import { TicketError } from "./ticket-error.js";
import type { TicketEvent } from "./ticket-event.js";
import type { RelationType } from "./ticket-state.js";

/**
 * Derives a ticket's current state from its history. Pure; the events must start with
 * `create` at seq 1 and have no gaps, or a `corrupt` error names the first bad one.
 */
export function reduceTicket(ticketId: string, events: readonly TicketEvent[]): Ticket {
  const first = events[0];
  if (first === undefined || first.kind !== "create" || first.seq !== 1) {
    throw new TicketError("corrupt", `Ticket '${ticketId}' has no 'create' event at seq 1.`, { ticketId });
  }
  let ticket = created(ticketId, first);
  for (let index = 1; index < events.length; index += 1) {
    const event = events[index] as TicketEvent;
    if (event.seq !== index + 1) {
      throw new TicketError(
        "corrupt",
        `Ticket '${ticketId}' history jumps from seq ${index} to seq ${event.seq}.`,
        { ticketId },
      );
    }
    ticket = applyEvent(ticket, event);
  }
  return ticket;
}

function created(ticketId: string, event: TicketEvent): Ticket {
  return {
    id: ticketId,
    title: event.data?.title ?? "",
    body: event.body ?? "",
    state: event.to ?? "planning",
    priority: event.data?.priority ?? "normal",
    assignee: event.data?.assignee ?? null,
    relations: { depends_on: [], blocks: [], related: [], split_from: [] },
    intakeSummary: null,
    queuedBy: null,
    queuedAt: null,
    lease: null,
    resolution: null,
    reviews: [],
    createdAt: event.at,
    createdBy: event.actor,
    updatedAt: event.at,
    seq: event.seq,
  };
}

/** Applies one committed event to a ticket. Pure. */
export function applyEvent(ticket: Ticket, event: TicketEvent): Ticket {
  let next: Ticket = { ...ticket, seq: event.seq, updatedAt: event.at };
  if (event.to !== undefined && event.to !== ticket.state) {
    next = { ...next, state: event.to };
    if (event.to === "queued") next = { ...next, queuedBy: event.actor.agentId, queuedAt: event.at };
    if (ticket.state === "inprogress") next = { ...next, lease: null };
  }
  const data = event.data;
  switch (event.kind) {
    case "edit":
      return {
        ...next,
        ...(data?.title === undefined ? {} : { title: data.title }),
        ...(event.body === undefined ? {} : { body: event.body }),
        ...(data?.priority === undefined ? {} : { priority: data.priority }),
        ...(data?.assignee === undefined ? {} : { assignee: data.assignee }),
      };
    case "intake_summary":
      return { ...next, intakeSummary: event.body ?? "" };
    case "acceptance":
    case "lease_renewed":
      return {
        ...next,
        lease: {
          holder: data?.holder ?? event.actor.agentId,
          token: event.token ?? event.seq,
          expiresAt: data?.expiresAt ?? event.at,
        },
      };
    case "relation":
      return data?.relation === undefined
        ? next
        : { ...next, relations: relate(next.relations, data.relation) };
    case "review": {
      const review: TicketReview = {
        verdict: data?.verdict ?? "request_changes",
        by: event.actor.agentId,
        at: event.at,
        body: event.body ?? "",
        ...(event.token === undefined ? {} : { token: event.token }),
        ...(data?.podId === undefined ? {} : { podId: data.podId }),
      };
      return { ...next, reviews: [...next.reviews, review] };
    }
    case "close":
      return { ...next, resolution: data?.resolution ?? event.reason ?? "" };
    default:
      return next;
  }
}

function relate(
  relations: Ticket["relations"],
  change: { readonly type: RelationType; readonly target: string; readonly removed?: boolean },
): Ticket["relations"] {
  const current = relations[change.type];
  const updated = change.removed
    ? current.filter((target) => target !== change.target)
    : current.includes(change.target)
      ? current
      : [...current, change.target];
  return { ...relations, [change.type]: updated };
}
