import type { EventActor, TicketEvent } from "./ticket-event.js";
import type { Priority, RelationType, TicketState } from "./ticket-state.js";

/** The lease an Orchestrator holds on an in-progress ticket. */
export interface Lease {
  readonly holder: string;
  /** Fencing token: the sequence number of the acceptance; only grows per ticket. */
  readonly token: number;
  readonly expiresAt: string;
}

/** A review verdict as recorded on the ticket. */
export interface TicketReview {
  readonly verdict: "approve" | "request_changes";
  readonly by: string;
  readonly at: string;
  readonly body: string;
  /** The lease token of the attempt the review was made for; absent for an unbound review. */
  readonly token?: number;
  /** The Pod that made it, for a review bound to its attempt. */
  readonly podId?: string;
}

/** A ticket as derived from its events: the current state of the whole history. */
export interface Ticket {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly state: TicketState;
  readonly priority: Priority;
  readonly assignee: string | null;
  readonly relations: Readonly<Record<RelationType, readonly string[]>>;
  readonly intakeSummary: string | null;
  readonly queuedBy: string | null;
  readonly queuedAt: string | null;
  /** Present while `inprogress`; the last lease otherwise kept in history only. */
  readonly lease: Lease | null;
  readonly resolution: string | null;
  readonly reviews: readonly TicketReview[];
  readonly createdAt: string;
  readonly createdBy: EventActor;
  readonly updatedAt: string;
  /** Sequence number of the last event: the version compare-and-set writes against. */
  readonly seq: number;
}

/** A ticket with its full, ordered history. */
export interface TicketRecord {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
}
