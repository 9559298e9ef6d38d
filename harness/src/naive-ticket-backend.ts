import fs from "node:fs";
import path from "node:path";
import {
  type AppendResult,
  type DoctorReport,
  type EventActor,
  type ListResult,
  type LockAcquisition,
  type NewTicketEvent,
  nextTicketId,
  reduceTicket,
  type TicketBackend,
  TicketError,
  type TicketEvent,
  type TicketRecord,
} from "@podkit/ticket-lifecycle";

/**
 * TEST ONLY — the negative control for the race tests: a store that does what a careful-looking
 * but wrong implementation does. `append` reads the history file, checks `expectedSeq`, and
 * replaces the file durably (temp file, fsync, rename) — without compare-and-set, so two
 * processes that both pass the check both "win", and the last rename silently drops the other.
 */
export class NaiveTicketBackend implements TicketBackend {
  readonly kind = "naive";
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async acquireLock(): Promise<LockAcquisition> {
    throw new TicketError("storage_unavailable", "The naive test backend has no store locks.");
  }

  async releaseLock(): Promise<boolean> {
    throw new TicketError("storage_unavailable", "The naive test backend has no store locks.");
  }

  async now(): Promise<Date> {
    return new Date();
  }

  async create(options: { id?: string; event: NewTicketEvent; actor: EventActor }): Promise<TicketRecord> {
    const id =
      options.id ?? nextTicketId(fs.readdirSync(this.#root).map((name) => name.replace(/\.json$/, "")));
    const events: TicketEvent[] = [
      { ...options.event, seq: 1, actor: options.actor, at: new Date().toISOString() },
    ];
    this.#write(id, events);
    return { ticket: reduceTicket(id, events), events };
  }

  async read(ticketId: string): Promise<TicketRecord | undefined> {
    const events = this.#history(ticketId);
    return events === undefined ? undefined : { ticket: reduceTicket(ticketId, events), events };
  }

  async append(
    ticketId: string,
    options: { expectedSeq: number; event: NewTicketEvent; actor: EventActor },
  ): Promise<AppendResult> {
    const events = this.#history(ticketId) ?? [];
    if (events.length !== options.expectedSeq)
      return { ok: false, reason: "conflict", currentSeq: events.length };
    const event: TicketEvent = {
      ...options.event,
      seq: events.length + 1,
      actor: options.actor,
      at: new Date().toISOString(),
    };
    const next = [...events, event];
    this.#write(ticketId, next);
    return { ok: true, record: { ticket: reduceTicket(ticketId, next), events: next }, event };
  }

  async list(): Promise<ListResult> {
    return { tickets: [], problems: [] };
  }

  async doctor(): Promise<DoctorReport> {
    return { ok: true, checkedTickets: 0, problems: [] };
  }

  async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
    this.#write(ticketId, [...events]);
    return { ticket: reduceTicket(ticketId, events), events: [...events] };
  }

  async close(): Promise<void> {}

  #history(ticketId: string): TicketEvent[] | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.#root, `${ticketId}.json`), "utf8")) as TicketEvent[];
    } catch {
      return undefined;
    }
  }

  #write(ticketId: string, events: readonly TicketEvent[]): void {
    const file = path.join(this.#root, `${ticketId}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    const descriptor = fs.openSync(temp, "w");
    fs.writeFileSync(descriptor, JSON.stringify(events));
    fs.fsyncSync(descriptor);
    fs.closeSync(descriptor);
    fs.renameSync(temp, file);
  }
}
