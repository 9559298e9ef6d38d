import type { Ticket, TicketRecord } from "../domain/ticket.js";
import type { EventActor, NewTicketEvent, TicketEvent } from "../domain/ticket-event.js";
import type { TicketState } from "../domain/ticket-state.js";
import type { WriteRequirement } from "../domain/write-requirement.js";
import type { AcquireLockOptions, LockAcquisition, ReleaseLockOptions } from "./store-lock.js";

/** A ticket the store could not read, and why; reported, never fatal to other tickets. */
export interface TicketProblem {
  readonly ticketId: string;
  /** The file (or row) at fault, when there is one. */
  readonly location: string;
  readonly problem: string;
}

/** One compare-and-set append: the event, who makes it, the seq it expects and what it requires. */
export interface AppendOptions {
  /** The ticket's last seq the event was decided on; anything else is a `conflict`. */
  readonly expectedSeq: number;
  readonly event: NewTicketEvent;
  readonly actor: EventActor;
  /**
   * What must hold of the ticket at the write, on the backend's clock (the decision's
   * `requires`); a write whose requirement no longer holds is refused with the `TicketError` the
   * domain gives for it (`lease_lost`, `precondition_failed`, `conflict`) and writes nothing.
   * Absent: nothing beyond the seq, for raw appends (imports, tests).
   */
  readonly requires?: WriteRequirement;
}

/** The outcome of a compare-and-set append. */
export type AppendResult =
  | { readonly ok: true; readonly record: TicketRecord; readonly event: TicketEvent }
  | { readonly ok: false; readonly reason: "conflict"; readonly currentSeq: number };

/** A change a backend observed (a commit by this or another process). */
export interface TicketChange {
  readonly ticketId: string;
  readonly seq: number;
  readonly state?: TicketState;
}

/** Which tickets `TicketBackend.list` returns. */
export interface ListQuery {
  /** Only tickets in one of these states; all tickets when absent. */
  readonly states?: readonly TicketState[];
}

/** What `TicketBackend.list` found: the readable tickets and the problems with the others. */
export interface ListResult {
  /** Current tickets matching the query, ordered by id (numeric-aware). */
  readonly tickets: readonly Ticket[];
  /** Tickets that could not be read; they are left out of `tickets`. */
  readonly problems: readonly TicketProblem[];
}

/** A consistency report over the whole store. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly checkedTickets: number;
  readonly problems: readonly TicketProblem[];
}

/**
 * Where tickets live. Every change is one event appended with compare-and-set on the ticket's
 * last sequence number, so concurrent writers cannot lose an update; the domain decides, the
 * backend only stores. All methods may throw `TicketError` (`storage_unavailable`, `corrupt`; writes
 * to a store this process may not write: `read_only`).
 */
export interface TicketBackend {
  /** `file`, `memory`, `postgres`, … for reports. */
  readonly kind: string;
  /** The backend's clock: every lease computation uses it (database time for shared stores). */
  now(): Promise<Date>;
  /**
   * Creates a ticket atomically with its `create` event. Allocates the next id unless `id` is
   * given; a given id that exists is a `conflict`.
   */
  create(options: {
    readonly id?: string;
    readonly event: NewTicketEvent;
    readonly actor: EventActor;
  }): Promise<TicketRecord>;
  /** One ticket with its whole history, or undefined when there is none. */
  read(ticketId: string): Promise<TicketRecord | undefined>;
  /**
   * Appends one event if and only if the ticket's last event is still `expectedSeq` (else
   * `{ ok: false, reason: "conflict" }`) and its `requires` holds (else a `TicketError`).
   */
  append(ticketId: string, options: AppendOptions): Promise<AppendResult>;
  /** Current tickets, without history; damaged ones are reported, not thrown. */
  list(query?: ListQuery): Promise<ListResult>;
  /** Checks every ticket and reports each problem with its location. */
  doctor(): Promise<DoctorReport>;
  /** Stores a complete history under `ticketId` in one step (import); a `conflict` if it exists. */
  importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord>;
  /**
   * Takes the named lock for `holder` until `ttlMs` from now on the backend's clock, if it is
   * free, expired or already the holder's (then it is extended); otherwise answers who holds it.
   * Exclusive across every process that shares the store. Bad options are an `invalid_input`.
   */
  acquireLock(options: AcquireLockOptions): Promise<LockAcquisition>;
  /** Gives the named lock up if `holder` holds it (true); a lock held by another is left alone (false). */
  releaseLock(options: ReleaseLockOptions): Promise<boolean>;
  /** Calls `listener` for changes committed by any process, where the backend can observe them. */
  watch?(listener: (change: TicketChange) => void): () => void;
  /** Stops watching and releases files or connections; the backend is not used afterwards. */
  close(): Promise<void>;
}
