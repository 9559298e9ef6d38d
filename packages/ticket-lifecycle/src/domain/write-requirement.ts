import { requireExpiredLease, requireLease } from "./guards.js";
import type { Ticket } from "./ticket.js";
import { TicketError } from "./ticket-error.js";
import type { TicketState } from "./ticket-state.js";

/**
 * What must still hold of a ticket when a decided event is stored, besides the compare-and-set
 * on its seq. The seq already pins the history the decision read; what the seq cannot pin is
 * time, so a lease that was live (or expired) when the command was decided must still be so, on
 * the backend's clock, at the write. Backends enforce it in the same step as the seq comparison.
 */
export type WriteRequirement =
  /** Nothing beyond the seq (comments, edits, relations). */
  | { readonly kind: "none" }
  /** The ticket is still in `state` (gate moves, acceptance from `queued`). */
  | { readonly kind: "state"; readonly state: TicketState }
  /** `holder` holds the lease `token`, unexpired (every write under a lease, a bound review). */
  | { readonly kind: "live-lease"; readonly token: number; readonly holder: string }
  /** The lease `token` is still the ticket's and has expired (the sweeper's block or takeover). */
  | { readonly kind: "expired-lease"; readonly token: number };

/** The kinds of write requirement, e.g. for a backend that keeps one statement per kind. */
export type WriteRequirementKind = WriteRequirement["kind"];

/** The requirement of a write that needs nothing beyond its seq. */
export const NO_REQUIREMENT: WriteRequirement = Object.freeze({ kind: "none" });

/**
 * Refuses a write whose requirement does not hold of `ticket` (as stored, at the expected seq) at
 * `now` (the backend's clock): `lease_lost` for a lease that is no longer live or not the
 * holder's, `precondition_failed` for a lease that has not expired, `conflict` for a state.
 */
export function checkWriteRequirement(ticket: Ticket, requirement: WriteRequirement, now: Date): void {
  switch (requirement.kind) {
    case "none":
      return;
    case "state":
      if (ticket.state !== requirement.state) {
        throw new TicketError(
          "conflict",
          `Ticket '${ticket.id}' is '${ticket.state}'; this write was decided for it in '${requirement.state}'. Read it again.`,
          { ticketId: ticket.id },
        );
      }
      return;
    case "live-lease":
      requireLease(ticket, requirement, now);
      return;
    case "expired-lease":
      requireExpiredLease(ticket, requirement.token, now);
      return;
  }
}
