import type { Ticket } from "./ticket.js";
import type { TicketCommandType } from "./ticket-command.js";
import { TicketError } from "./ticket-error.js";
import type { TicketState } from "./ticket-state.js";
import { allowedTargets, findTransition, targetOf } from "./workflow.js";

/** Refuses a transition the workflow table does not have, naming what is allowed instead. */
export function requireTransition(ticket: Ticket, command: TicketCommandType): TicketState {
  const transition = findTransition(command, ticket.state);
  if (transition !== undefined) return transition.to;
  const target = targetOf(command) ?? "?";
  const allowed = allowedTargets(ticket.state);
  throw new TicketError(
    "conflict",
    `Cannot move ticket '${ticket.id}' from '${ticket.state}' to '${target}'. Allowed from '${ticket.state}': ${allowed.length === 0 ? "nothing (final state)" : allowed.join(", ")}.`,
    { ticketId: ticket.id },
  );
}

/** Refuses text that is empty after trimming or longer than `max` characters. */
export function requireText(
  ticketId: string | undefined,
  field: string,
  text: string | undefined,
  max: number,
): string {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") {
    throw new TicketError(
      "invalid_input",
      `'${field}' must not be empty.`,
      ticketId === undefined ? undefined : { ticketId },
    );
  }
  if ([...trimmed].length > max) {
    throw new TicketError(
      "invalid_input",
      `'${field}' is ${[...trimmed].length} characters; at most ${max} are allowed. Shorten it or put details in a comment.`,
      ticketId === undefined ? undefined : { ticketId },
    );
  }
  return trimmed;
}

/**
 * Refuses a fenced write whose token is not the live lease: the ticket left `inprogress`,
 * another acceptance took over, or the lease expired.
 */
export function requireLease(ticket: Ticket, token: number, now: Date): void {
  const lease = ticket.lease;
  if (ticket.state !== "inprogress" || lease === null) {
    throw new TicketError(
      "lease_lost",
      `Lease token ${token} on ticket '${ticket.id}' is no longer valid: the ticket is '${ticket.state}'. Stop work on it; its history says why.`,
      { ticketId: ticket.id },
    );
  }
  if (lease.token !== token) {
    throw new TicketError(
      "lease_lost",
      `Lease token ${token} on ticket '${ticket.id}' is stale: the current lease is token ${lease.token}, held by '${lease.holder}'. Stop work on it.`,
      { ticketId: ticket.id },
    );
  }
  if (Date.parse(lease.expiresAt) <= now.getTime()) {
    throw new TicketError(
      "lease_lost",
      `Lease token ${token} on ticket '${ticket.id}' expired at ${lease.expiresAt}; it was not renewed in time. Stop work on it.`,
      { ticketId: ticket.id },
    );
  }
}

/** Refuses an unresolved dependency: one that is missing or not yet done or closed. */
export function requireDependenciesResolved(
  ticket: Ticket,
  dependencies: ReadonlyMap<string, TicketState | undefined>,
  action: string,
): void {
  const unresolved = ticket.relations.depends_on
    .map((target) => ({ target, state: dependencies.get(target) }))
    .filter(({ state }) => state !== "done" && state !== "closed");
  if (unresolved.length === 0) return;
  const list = unresolved.map(({ target, state }) => `'${target}' (${state ?? "missing"})`).join(", ");
  throw new TicketError(
    "precondition_failed",
    `Cannot ${action} ticket '${ticket.id}': it depends on ${list}, which must be done or closed first.`,
    { ticketId: ticket.id },
  );
}
