import type { Lease, Ticket } from "./ticket.js";
import type { TicketCommandType } from "./ticket-command.js";
import { TicketError } from "./ticket-error.js";
import { LEASE_BOUNDS_MS, LIMITS, type TicketState } from "./ticket-state.js";
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
 * Refuses a fenced write unless `expected.holder` holds the live lease `expected.token`: the
 * ticket left `inprogress`, another acceptance took over, someone else holds it, or it expired.
 * Returns the live lease.
 */
export function requireLease(
  ticket: Ticket,
  expected: { readonly token: number; readonly holder: string },
  now: Date,
): Lease {
  const { token } = expected;
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
  if (lease.holder !== expected.holder) {
    throw new TicketError(
      "lease_lost",
      `The lease on ticket '${ticket.id}' is held by '${lease.holder}', not by '${expected.holder}'; only the holder may write under it.`,
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
  return lease;
}

/**
 * Refuses a review from an attempt that is not the live one: the ticket's lease is another token
 * (a takeover), or that attempt's lease has expired. Returns the live lease.
 */
export function requireReviewAttempt(
  ticket: Ticket,
  attempt: { readonly token: number; readonly podId: string },
  now: Date,
): Lease {
  const lease = ticket.lease;
  const current =
    lease === null
      ? "the ticket has no lease"
      : lease.token !== attempt.token
        ? `the current attempt is lease token ${lease.token}`
        : Date.parse(lease.expiresAt) <= now.getTime()
          ? `that attempt's lease expired at ${lease.expiresAt}`
          : undefined;
  if (lease === null || current !== undefined) {
    throw new TicketError(
      "lease_lost",
      `Pod '${attempt.podId}' was launched for the attempt under lease token ${attempt.token} on ticket '${ticket.id}', but ${current ?? "the ticket has no lease"}: a verdict from another attempt is not recorded. Stop; this review is no longer wanted.`,
      { ticketId: ticket.id },
    );
  }
  return lease;
}

/**
 * Refuses to resolve a lease that has not expired at `now`, or (given `token`) one that is no
 * longer the lease `token`. Returns the expired lease.
 */
export function requireExpiredLease(ticket: Ticket, token: number | undefined, now: Date): Lease {
  const lease = ticket.lease;
  if (ticket.state !== "inprogress" || lease === null || Date.parse(lease.expiresAt) > now.getTime()) {
    throw new TicketError(
      "precondition_failed",
      `Ticket '${ticket.id}' has no expired lease to resolve (state '${ticket.state}'${lease ? `, lease expires at ${lease.expiresAt}` : ""}).`,
      { ticketId: ticket.id },
    );
  }
  if (token !== undefined && lease.token !== token) {
    throw new TicketError(
      "precondition_failed",
      `Ticket '${ticket.id}' has lease token ${lease.token} now, not the expired token ${token}; nothing to resolve.`,
      { ticketId: ticket.id },
    );
  }
  return lease;
}

/** Refuses a lease length out of bounds or not in whole milliseconds. */
export function requireLeaseMs(leaseMs: number): number {
  if (!Number.isInteger(leaseMs) || leaseMs < LEASE_BOUNDS_MS.min || leaseMs > LEASE_BOUNDS_MS.max) {
    throw new TicketError(
      "invalid_input",
      `A lease of ${leaseMs} ms is out of bounds; allowed: ${LEASE_BOUNDS_MS.min} to ${LEASE_BOUNDS_MS.max} ms.`,
    );
  }
  return leaseMs;
}

/** Refuses any change to a closed ticket: closed is final. */
export function requireNotClosed(ticket: Ticket, action: string): void {
  if (ticket.state === "closed") {
    throw new TicketError(
      "conflict",
      `Cannot ${action} ticket '${ticket.id}': it is 'closed'. Closed tickets are final; create a new one.`,
      { ticketId: ticket.id },
    );
  }
}

/** Checks a markdown body: may be empty, bounded in characters. */
export function requireBody(ticketId: string | undefined, body: string): string {
  if ([...body].length > LIMITS.bodyChars) {
    throw new TicketError(
      "invalid_input",
      `The body is ${[...body].length} characters; at most ${LIMITS.bodyChars} are allowed. Split the work into several tickets or link to a document.`,
      ticketId === undefined ? undefined : { ticketId },
    );
  }
  return body;
}

/** Checks report details: small structured facts, bounded as their JSON text. */
export function requireDetails<T extends object>(ticketId: string, details: T): T {
  const size = [...JSON.stringify(details)].length;
  if (size > LIMITS.detailsChars) {
    throw new TicketError(
      "invalid_input",
      `The details are ${size} characters as JSON; at most ${LIMITS.detailsChars} are allowed. Put long text in the body.`,
      { ticketId },
    );
  }
  return details;
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
