import {
  type AcquireLockOptions,
  type AppendOptions,
  type AppendResult,
  applyEvent,
  checkLockOptions,
  checkWriteRequirement,
  compareTicketIds,
  type DoctorReport,
  type EventActor,
  idAllocationProblems,
  type ListQuery,
  type ListResult,
  type LockAcquisition,
  type NewTicketEvent,
  NO_REQUIREMENT,
  type ReleaseLockOptions,
  reduceTicket,
  requireStorableEvent,
  type Ticket,
  type TicketBackend,
  type TicketChange,
  TicketError,
  type TicketEvent,
  type TicketProblem,
  type TicketRecord,
  ticketIdOf,
  type WriteRequirement,
} from "@podkit/ticket-lifecycle";
import { appendGuardValues } from "./append-guard.js";
import { AT_PLACEHOLDER, sameEvent, sameHistory, withTime } from "./commit-time.js";
import { type ImportHistoriesResult, importHistories } from "./import-histories.js";
import { LockStatements } from "./lock-statements.js";
import { parseStoredEvents, ticketColumns, toEventRow } from "./stored-event.js";
import type { TicketDatabase } from "./ticket-database.js";
import { type DoctorRow, examineTicketRow } from "./ticket-row-doctor.js";
import { checkSnapshot } from "./ticket-snapshot.js";
import type { TicketWatcher } from "./ticket-watcher.js";

const DOCTOR_PAGE = 500;
const MAX_ID_ALLOCATIONS = 100;
const MAX_LOCK_TRIES = 100;

/**
 * Tickets in PostgreSQL, for orchestrators on several machines. Every write is one statement —
 * its own transaction — so no transaction stays open across anything slow: `append` is an
 * `UPDATE … WHERE id = $1 AND seq = $expected [AND requirement]` with the event's `INSERT` and the
 * `pg_notify` doorbell. Times come from the database clock. Connection failures are retried with
 * a bounded backoff; a write whose outcome the failure hid is looked up before it is tried again.
 */
export class PostgresTicketBackend implements TicketBackend {
  readonly kind = "postgres";
  readonly #database: TicketDatabase;
  readonly #watcher: TicketWatcher;
  readonly #locks: LockStatements;
  #closed: Promise<void> | undefined;

  /** Use {@link createPostgresTicketBackend}, which migrates the schema and builds the parts. */
  constructor(parts: { readonly database: TicketDatabase; readonly watcher: TicketWatcher }) {
    this.#database = parts.database;
    this.#watcher = parts.watcher;
    this.#locks = new LockStatements(parts.database.statements.names);
  }

  /** The schema the tables live in. */
  get schema(): string {
    return this.#database.schema;
  }

  async now(): Promise<Date> {
    const database = this.#database;
    return database.retrying("reading the time", async () => {
      const [row] = await database.rows<{ now: Date }>(database.statements.now, []);
      return row?.now ?? new Date(Number.NaN);
    });
  }

  async create(options: {
    readonly id?: string;
    readonly event: NewTicketEvent;
    readonly actor: EventActor;
  }): Promise<TicketRecord> {
    const database = this.#database;
    // Text PostgreSQL would refuse (SQLSTATE 22P05) is refused here, as every backend refuses it.
    requireStorableEvent({ ticketId: options.id, event: options.event, actor: options.actor });
    let sent: TicketRecord | undefined;
    return database.writing("creating a ticket", async () => {
      for (let allocation = 0; allocation < MAX_ID_ALLOCATIONS; allocation += 1) {
        if (sent !== undefined) {
          // The last insert's outcome is unknown: it committed if the ticket holds exactly our event.
          const previous = sent;
          const found = await this.#settleInsert(previous);
          sent = undefined;
          if (found === "ours") return database.remember(previous);
          if (found === "taken" && options.id !== undefined) throw exists(options.id);
        }
        const [row] = await database.rows<{ at: Date; highest: string }>(database.statements.nextId, []);
        const ticketId = options.id ?? ticketIdOf(BigInt(row?.highest ?? "0") + 1n);
        const event: TicketEvent = { ...options.event, seq: 1, actor: options.actor, at: isoTime(row?.at) };
        const record: TicketRecord = { ticket: reduceTicket(ticketId, [event]), events: [event] };
        sent = record;
        const inserted = await this.#insert(record);
        sent = undefined;
        if (inserted) return database.remember(record);
        if (options.id !== undefined) throw exists(options.id);
      }
      throw new TicketError(
        "conflict",
        `Could not allocate a ticket id after ${MAX_ID_ALLOCATIONS} tries: other processes kept taking them. Retry.`,
      );
    });
  }

  async read(ticketId: string): Promise<TicketRecord | undefined> {
    const history = await this.#database.retrying(`reading ticket '${ticketId}'`, () =>
      this.#database.history(ticketId),
    );
    return history === undefined ? undefined : { ticket: history.ticket, events: [...history.events] };
  }

  async append(ticketId: string, options: AppendOptions): Promise<AppendResult> {
    const database = this.#database;
    const { expectedSeq } = options;
    const requires = options.requires ?? NO_REQUIREMENT;
    requireStorableEvent({ ticketId, event: options.event, actor: options.actor });
    // The event as sent, its time a placeholder the statement fills in; kept while its outcome is unknown.
    let sent: TicketEvent | undefined;
    return database.writing(`appending to ticket '${ticketId}'`, async (): Promise<AppendResult> => {
      if (sent !== undefined) {
        const settled = await this.#settleAppend(ticketId, sent);
        if (settled !== undefined) return settled;
        sent = undefined;
      }
      // A cached history at the expected seq is the history at that seq (events never change),
      // and the statement checks the seq: no read needed before the write.
      const cached = database.cache.get(ticketId);
      const current = cached?.events.length === expectedSeq ? cached : await database.history(ticketId);
      if (current === undefined) throw notFound(ticketId);
      if (current.ticket.seq !== expectedSeq)
        return { ok: false, reason: "conflict", currentSeq: current.ticket.seq };
      const draft: TicketEvent = {
        ...options.event,
        seq: expectedSeq + 1,
        actor: options.actor,
        at: AT_PLACEHOLDER,
      };
      const ticket = applyEvent(current.ticket, draft);
      sent = draft;
      const written = await this.#writeAppend(ticket, draft, requires);
      sent = undefined;
      if (written === undefined) return this.#refused(ticketId, expectedSeq, requires);
      const event = withTime(draft, written);
      const record = { ticket: withTime(ticket, written), events: [...current.events, event] };
      return { ok: true, record: database.remember(record), event };
    });
  }

  async list(query: ListQuery = {}): Promise<ListResult> {
    const database = this.#database;
    const rows = await database.retrying("listing tickets", () =>
      database.rows<{ id: string; snapshot: unknown }>(database.statements.list, [query.states ?? null]),
    );
    const problems: TicketProblem[] = [];
    const tickets = rows.flatMap((row) => {
      const problem = checkSnapshot(row.id, row.snapshot);
      if (problem === undefined) return [row.snapshot as Ticket];
      problems.push({ ticketId: row.id, location: `${this.schema}.tickets['${row.id}']`, problem });
      return [];
    });
    tickets.sort((left, right) => compareTicketIds(left.id, right.id));
    return { tickets, problems };
  }

  async doctor(): Promise<DoctorReport> {
    const database = this.#database;
    const problems: TicketProblem[] = [];
    let checkedTickets = 0;
    let after = "";
    for (;;) {
      const rows = await database.retrying("checking tickets", () =>
        database.rows<DoctorRow>(database.statements.doctorPage, [after, DOCTOR_PAGE]),
      );
      for (const row of rows) problems.push(...examineTicketRow(row, this.schema));
      checkedTickets += rows.length;
      if (rows.length < DOCTOR_PAGE) break;
      after = rows.at(-1)?.id ?? after;
    }
    const [row] = await database.retrying("checking id allocation", () =>
      database.rows<{ highest: string }>(database.statements.nextId, []),
    );
    const highest = BigInt(row?.highest ?? "0");
    problems.push(...idAllocationProblems({ highest, location: `${this.schema}.tickets` }));
    return { ok: problems.length === 0, checkedTickets, problems };
  }

  async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
    for (const event of events) requireStorableEvent({ ticketId, event, actor: event.actor });
    const checked = parseStoredEvents(ticketId, JSON.parse(JSON.stringify(events)), "the imported history");
    const record: TicketRecord = { ticket: reduceTicket(ticketId, checked), events: [...events] };
    let sent: TicketRecord | undefined;
    return this.#database.writing(`importing ticket '${ticketId}'`, async () => {
      if (sent !== undefined) {
        const found = await this.#settleInsert(sent);
        sent = undefined;
        if (found === "ours") return this.#database.remember(record);
        if (found === "taken") throw exists(ticketId);
      }
      sent = record;
      const inserted = await this.#insert(record);
      sent = undefined;
      if (!inserted) throw exists(ticketId);
      return this.#database.remember(record);
    });
  }

  /**
   * Stores many complete histories at once — 500 tickets a statement, each statement all or
   * nothing — for moving a large queue in. Every history is checked first; a damaged one refuses
   * the whole call (`corrupt`), as does text no ticket store may hold (`invalid_input`), before
   * anything is written. Ids that exist are left alone.
   */
  async importHistories(
    histories: readonly { readonly ticketId: string; readonly events: readonly TicketEvent[] }[],
  ): Promise<ImportHistoriesResult> {
    return importHistories(this.#database, histories);
  }

  async acquireLock(options: AcquireLockOptions): Promise<LockAcquisition> {
    checkLockOptions(options);
    const database = this.#database;
    // Taking one's own lock again only extends it, so a retry after an unknown outcome is safe.
    return database.writing(`taking lock '${options.name}'`, async () => {
      for (let tries = 0; tries < MAX_LOCK_TRIES; tries += 1) {
        const [row] = await database.rows<{ acquired: boolean; holder: string; expires_at: string }>(
          this.#locks.acquire,
          [options.name, options.holder, options.ttlMs],
        );
        // No row: the lock was released, or taken by a statement that began after ours; ask again.
        if (row === undefined) continue;
        const lock = { name: options.name, holder: row.holder, expiresAt: row.expires_at };
        return row.acquired ? { acquired: true, lock } : { acquired: false, heldBy: lock };
      }
      throw new TicketError(
        "conflict",
        `Lock '${options.name}' changed hands ${MAX_LOCK_TRIES} times while we tried to take it; try again.`,
      );
    });
  }

  async releaseLock(options: ReleaseLockOptions): Promise<boolean> {
    checkLockOptions(options);
    const database = this.#database;
    const rows = await database.writing(`releasing lock '${options.name}'`, () =>
      database.rows(this.#locks.release, [options.name, options.holder]),
    );
    return rows.length === 1;
  }

  watch(listener: (change: TicketChange) => void): () => void {
    return this.#watcher.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#watcher.close();
      await this.#database.close();
    })();
    return this.#closed;
  }

  /** The compare-and-set statement; returns the commit time, or undefined when no row matched. */
  async #writeAppend(
    ticket: Ticket,
    draft: TicketEvent,
    requires: WriteRequirement,
  ): Promise<string | undefined> {
    const { statements } = this.#database;
    const row = toEventRow(draft);
    const [written] = await this.#database.rows<{ at: string }>(statements.append(requires.kind), [
      ticket.id,
      draft.seq - 1,
      ...ticketColumns(ticket),
      JSON.stringify(ticket),
      row.kind,
      AT_PLACEHOLDER,
      row.actor_role,
      row.actor_agent_id,
      row.token,
      JSON.stringify(row.event),
      statements.names.channel,
      ...appendGuardValues(requires),
    ]);
    return written?.at;
  }

  /** Inserts a ticket with its history; false when the id exists. */
  async #insert(record: TicketRecord): Promise<boolean> {
    const { ticket } = record;
    const { statements } = this.#database;
    const rows = await this.#database.rows(statements.insert, [
      ticket.id,
      ticket.seq,
      ...ticketColumns(ticket),
      JSON.stringify(ticket),
      JSON.stringify(record.events.map(toEventRow)),
      statements.names.channel,
    ]);
    return rows.length === 1;
  }

  /**
   * After an append with an unknown outcome: the result if it committed (the next event is ours
   * in all but its time) or if another write took the seq; undefined when the seq is still free.
   */
  async #settleAppend(ticketId: string, sent: TicketEvent): Promise<AppendResult | undefined> {
    const database = this.#database;
    const [stored] = await database.rows<{ event: unknown }>(database.statements.eventAt, [
      ticketId,
      sent.seq,
    ]);
    if (stored === undefined) return undefined;
    const event = stored.event as TicketEvent;
    if (!sameEvent(event, withTime(sent, event.at))) return this.#conflict(ticketId);
    const record = await database.history(ticketId);
    if (record === undefined) throw notFound(ticketId);
    const events = record.events.slice(0, sent.seq);
    return { ok: true, record: { ticket: reduceTicket(ticketId, events), events }, event };
  }

  /** After an insert with an unknown outcome: did it commit (`ours`), is the id someone else's, or is it free? */
  async #settleInsert(sent: TicketRecord): Promise<"ours" | "taken" | "free"> {
    const found = await this.#database.history(sent.ticket.id, false);
    if (found === undefined) return "free";
    return sameHistory(found.events, sent.events) ? "ours" : "taken";
  }

  /**
   * Why an append matched no row: another write took the seq (`conflict`), or the seq is still the
   * expected one and the requirement failed in database time — refused with the domain's error.
   */
  async #refused(ticketId: string, expectedSeq: number, requires: WriteRequirement): Promise<AppendResult> {
    const current = await this.#database.history(ticketId);
    if (current === undefined) throw notFound(ticketId);
    if (current.ticket.seq !== expectedSeq)
      return { ok: false, reason: "conflict", currentSeq: current.ticket.seq };
    // Database time only moves on, so what failed in the statement fails here too and throws;
    // should it not, the service re-decides on a conflict.
    checkWriteRequirement(current.ticket, requires, await this.now());
    return { ok: false, reason: "conflict", currentSeq: current.ticket.seq };
  }

  async #conflict(ticketId: string): Promise<AppendResult> {
    const [row] = await this.#database.rows<{ seq: number }>(this.#database.statements.seqOf, [ticketId]);
    if (row === undefined) throw notFound(ticketId);
    return { ok: false, reason: "conflict", currentSeq: row.seq };
  }
}

function exists(ticketId: string): TicketError {
  return new TicketError("conflict", `Ticket '${ticketId}' already exists.`, { ticketId });
}

function notFound(ticketId: string): TicketError {
  return new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
}

function isoTime(time: Date | undefined): string {
  if (time === undefined || Number.isNaN(time.getTime()))
    throw new TicketError("storage_unavailable", "PostgreSQL returned no usable time.");
  return time.toISOString();
}
