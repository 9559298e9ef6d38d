import { applyEvent, reduceTicket } from "../domain/reduce-ticket.js";
import { requireStorableEvent } from "../domain/storable-text.js";
import type { Ticket, TicketRecord } from "../domain/ticket.js";
import { TicketError } from "../domain/ticket-error.js";
import type { EventActor, NewTicketEvent, TicketEvent } from "../domain/ticket-event.js";
import { checkWriteRequirement, NO_REQUIREMENT } from "../domain/write-requirement.js";
import {
  compareTicketIds,
  highestTicketNumber,
  idAllocationProblems,
  nextTicketId,
} from "./next-ticket-id.js";
import {
  type AcquireLockOptions,
  checkLockOptions,
  decideLock,
  type LockAcquisition,
  type ReleaseLockOptions,
  type StoreLock,
} from "./store-lock.js";
import type {
  AppendOptions,
  AppendResult,
  DoctorReport,
  ListQuery,
  ListResult,
  TicketBackend,
  TicketChange,
} from "./ticket-backend.js";

/**
 * A ticket store in memory: the twin of the file backend for tests and examples.
 * Single process only; `now` can be injected to drive lease expiry in tests.
 */
export class MemoryTicketBackend implements TicketBackend {
  readonly kind = "memory";
  readonly #histories = new Map<string, TicketEvent[]>();
  /** Each history reduced, kept up to date event by event: a long history is not reduced again per write. */
  readonly #tickets = new Map<string, Ticket>();
  readonly #listeners = new Set<(change: TicketChange) => void>();
  readonly #locks = new Map<string, StoreLock>();
  readonly #clock: () => Date;

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  async now(): Promise<Date> {
    return this.#clock();
  }

  async create(options: { id?: string; event: NewTicketEvent; actor: EventActor }): Promise<TicketRecord> {
    requireStorableEvent({ ticketId: options.id, event: options.event, actor: options.actor });
    const id = options.id ?? nextTicketId(this.#histories.keys());
    if (this.#histories.has(id))
      throw new TicketError("conflict", `Ticket '${id}' already exists.`, { ticketId: id });
    const event: TicketEvent = {
      ...options.event,
      seq: 1,
      actor: options.actor,
      at: this.#clock().toISOString(),
    };
    this.#histories.set(id, [event]);
    this.#tickets.set(id, reduceTicket(id, [event]));
    this.#notify(id, event);
    return this.#record(id);
  }

  async read(ticketId: string): Promise<TicketRecord | undefined> {
    return this.#histories.has(ticketId) ? this.#record(ticketId) : undefined;
  }

  async append(ticketId: string, options: AppendOptions): Promise<AppendResult> {
    const history = this.#histories.get(ticketId);
    if (history === undefined) throw new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
    if (history.length !== options.expectedSeq)
      return { ok: false, reason: "conflict", currentSeq: history.length };
    requireStorableEvent({ ticketId, event: options.event, actor: options.actor });
    // The seq pins the history; the requirement is checked on this backend's clock, at the write.
    const current = this.#tickets.get(ticketId) ?? reduceTicket(ticketId, history);
    checkWriteRequirement(current, options.requires ?? NO_REQUIREMENT, this.#clock());
    const event: TicketEvent = {
      ...options.event,
      seq: history.length + 1,
      actor: options.actor,
      at: this.#clock().toISOString(),
    };
    history.push(event);
    this.#tickets.set(ticketId, applyEvent(current, event));
    this.#notify(ticketId, event);
    return { ok: true, record: this.#record(ticketId), event };
  }

  async list(query: ListQuery = {}): Promise<ListResult> {
    const tickets = [...this.#histories.keys()]
      .sort(compareTicketIds)
      .map((id) => this.#record(id).ticket)
      .filter((ticket) => query.states === undefined || query.states.includes(ticket.state));
    return { tickets, problems: [] };
  }

  async doctor(): Promise<DoctorReport> {
    const highest = highestTicketNumber(this.#histories.keys());
    const problems = idAllocationProblems({ highest, location: "memory" });
    return { ok: problems.length === 0, checkedTickets: this.#histories.size, problems };
  }

  async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
    if (this.#histories.has(ticketId))
      throw new TicketError("conflict", `Ticket '${ticketId}' already exists.`, { ticketId });
    const ticket = reduceTicket(ticketId, events);
    for (const event of events) requireStorableEvent({ ticketId, event, actor: event.actor });
    this.#histories.set(ticketId, [...events]);
    this.#tickets.set(ticketId, ticket);
    return this.#record(ticketId);
  }

  async acquireLock(options: AcquireLockOptions): Promise<LockAcquisition> {
    checkLockOptions(options);
    const decision = decideLock(this.#locks.get(options.name), options, this.#clock());
    if (decision.acquired) this.#locks.set(options.name, decision.lock);
    return decision;
  }

  async releaseLock(options: ReleaseLockOptions): Promise<boolean> {
    checkLockOptions(options);
    if (this.#locks.get(options.name)?.holder !== options.holder) return false;
    this.#locks.delete(options.name);
    return true;
  }

  watch(listener: (change: TicketChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  #record(ticketId: string): TicketRecord {
    const events = [...(this.#histories.get(ticketId) ?? [])];
    return { ticket: this.#tickets.get(ticketId) ?? reduceTicket(ticketId, events), events };
  }

  #notify(ticketId: string, event: TicketEvent): void {
    for (const listener of this.#listeners)
      listener({ ticketId, seq: event.seq, ...(event.to === undefined ? {} : { state: event.to }) });
  }
}
