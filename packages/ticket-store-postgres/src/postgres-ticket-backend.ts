import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import {
  type AppendResult,
  applyEvent,
  compareTicketIds,
  type DoctorReport,
  type EventActor,
  type ListQuery,
  type ListResult,
  type NewTicketEvent,
  reduceTicket,
  type TicketBackend,
  type TicketChange,
  TicketError,
  type TicketEvent,
  type TicketProblem,
  type TicketRecord,
} from "@podkit/ticket-lifecycle";
import pg, { type Pool, type QueryResultRow } from "pg";
import { appendCondition, guardUsesToken } from "./append-guard.js";
import { type ConnectionRetryOptions, isRetryableError, retryOnConnectionError } from "./connection-retry.js";
import { HistoryCache } from "./history-cache.js";
import { parseStoredEvents, ticketColumns, toEventRow } from "./stored-event.js";
import { type DoctorRow, examineTicketRow } from "./ticket-row-doctor.js";
import { checkSnapshot } from "./ticket-snapshot.js";
import { bind, type Statement, type TicketStatements } from "./ticket-statements.js";
import type { TicketWatcher } from "./ticket-watcher.js";

/** What a backend is built from; {@link createPostgresTicketBackend} assembles it. */
export interface PostgresTicketBackendParts {
  readonly pool: Pool;
  readonly statements: TicketStatements;
  readonly watcher: TicketWatcher;
  readonly retry: ConnectionRetryOptions;
}

const DOCTOR_PAGE = 500;
/**
 * Stands for the commit time in what `append` sends: the statement replaces it with database time
 * in the event and the snapshot alike. Random per process, so no ticket text can contain it.
 */
const AT_PLACEHOLDER = `podkit-commit-time-${randomUUID()}`;
const MAX_ID_ALLOCATIONS = 100;
/** Tickets per statement in {@link PostgresTicketBackend.importHistories}. */
const IMPORT_BATCH = 500;

/**
 * Tickets in PostgreSQL, for orchestrators on several machines. Every write is one statement —
 * its own transaction — so no transaction stays open across anything slow: `append` is an
 * `UPDATE … WHERE id = $1 AND seq = $expected [AND guard]` with the event's `INSERT` and the
 * `pg_notify` doorbell. Times come from the database clock. Connection failures are retried with
 * a bounded backoff; a write whose outcome the failure hid is looked up before it is tried again.
 */
export class PostgresTicketBackend implements TicketBackend {
  readonly kind = "postgres";
  readonly #pool: Pool;
  readonly #statements: TicketStatements;
  readonly #watcher: TicketWatcher;
  readonly #retry: ConnectionRetryOptions;
  readonly #cache = new HistoryCache();
  #closed: Promise<void> | undefined;

  constructor(parts: PostgresTicketBackendParts) {
    this.#pool = parts.pool;
    this.#statements = parts.statements;
    this.#watcher = parts.watcher;
    this.#retry = parts.retry;
  }

  /** The schema the tables live in. */
  get schema(): string {
    return this.#statements.names.schema;
  }

  async now(): Promise<Date> {
    return this.#retrying("reading the time", async () => {
      const [row] = await this.#rows<{ now: Date }>(this.#statements.now, []);
      return row?.now ?? new Date(Number.NaN);
    });
  }

  async create(options: {
    readonly id?: string;
    readonly event: NewTicketEvent;
    readonly actor: EventActor;
  }): Promise<TicketRecord> {
    let sent: TicketRecord | undefined;
    return this.#retrying("creating a ticket", async () => {
      for (let allocation = 0; allocation < MAX_ID_ALLOCATIONS; allocation += 1) {
        if (sent !== undefined) {
          // The last insert's outcome is unknown: it committed if the ticket holds exactly our event.
          const previous = sent;
          const found = await this.#settleInsert(previous);
          sent = undefined;
          if (found === "ours") return this.#remember(previous);
          if (found === "taken" && options.id !== undefined) throw exists(options.id);
        }
        const [row] = await this.#rows<{ at: Date; next: string }>(this.#statements.nextId, []);
        const ticketId = options.id ?? `T-${row?.next ?? "1"}`;
        const event: TicketEvent = { ...options.event, seq: 1, actor: options.actor, at: isoTime(row?.at) };
        const record: TicketRecord = { ticket: reduceTicket(ticketId, [event]), events: [event] };
        sent = record;
        const inserted = await this.#insert(record);
        sent = undefined;
        if (inserted) return this.#remember(record);
        if (options.id !== undefined) throw exists(options.id);
      }
      throw new TicketError(
        "conflict",
        `Could not allocate a ticket id after ${MAX_ID_ALLOCATIONS} tries: other processes kept taking them. Retry.`,
      );
    });
  }

  async read(ticketId: string): Promise<TicketRecord | undefined> {
    const history = await this.#retrying(`reading ticket '${ticketId}'`, () => this.#history(ticketId));
    return history === undefined ? undefined : { ticket: history.ticket, events: [...history.events] };
  }

  async append(
    ticketId: string,
    options: { readonly expectedSeq: number; readonly event: NewTicketEvent; readonly actor: EventActor },
  ): Promise<AppendResult> {
    const { expectedSeq } = options;
    // The event as sent, its time still a placeholder the statement fills in; kept while its outcome is unknown.
    let sent: TicketEvent | undefined;
    return this.#retrying(`appending to ticket '${ticketId}'`, async (): Promise<AppendResult> => {
      if (sent !== undefined) {
        const settled = await this.#settleAppend(ticketId, sent);
        if (settled !== undefined) return settled;
        sent = undefined;
      }
      // A cached history at the expected seq is the history at that seq (events never change),
      // and the statement checks the seq: no read needed before the write.
      const cached = this.#cache.get(ticketId);
      const current = cached?.events.length === expectedSeq ? cached : await this.#history(ticketId);
      if (current === undefined) throw new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
      if (current.ticket.seq !== expectedSeq)
        return { ok: false, reason: "conflict", currentSeq: current.ticket.seq };
      const draft: TicketEvent = {
        ...options.event,
        seq: expectedSeq + 1,
        actor: options.actor,
        at: AT_PLACEHOLDER,
      };
      const ticket = applyEvent(current.ticket, draft);
      const { guard, token } = appendCondition(options.event);
      const row = toEventRow(draft);
      sent = draft;
      const [written] = await this.#rows<{ at: string }>(this.#statements.append(guard), [
        ticketId,
        expectedSeq,
        ...ticketColumns(ticket),
        JSON.stringify(ticket),
        row.kind,
        AT_PLACEHOLDER,
        row.actor_role,
        row.actor_agent_id,
        row.token,
        JSON.stringify(row.event),
        this.#statements.names.channel,
        ...(guardUsesToken(guard) ? [token] : []),
      ]);
      sent = undefined;
      if (written === undefined) return this.#conflict(ticketId);
      const event = withTime(draft, written.at);
      const record = { ticket: withTime(ticket, written.at), events: [...current.events, event] };
      return { ok: true, record: this.#remember(record), event };
    });
  }

  async list(query: ListQuery = {}): Promise<ListResult> {
    const rows = await this.#retrying("listing tickets", () =>
      this.#rows<{ id: string; snapshot: unknown }>(this.#statements.list, [query.states ?? null]),
    );
    const problems: TicketProblem[] = [];
    const tickets = rows.flatMap((row) => {
      const problem = checkSnapshot(row.id, row.snapshot);
      if (problem === undefined) return [row.snapshot as TicketRecord["ticket"]];
      problems.push({ ticketId: row.id, location: `${this.schema}.tickets['${row.id}']`, problem });
      return [];
    });
    tickets.sort((left, right) => compareTicketIds(left.id, right.id));
    return { tickets, problems };
  }

  async doctor(): Promise<DoctorReport> {
    const problems: TicketProblem[] = [];
    let checkedTickets = 0;
    let after = "";
    for (;;) {
      const rows = await this.#retrying("checking tickets", () =>
        this.#rows<DoctorRow>(this.#statements.doctorPage, [after, DOCTOR_PAGE]),
      );
      for (const row of rows) problems.push(...examineTicketRow(row, this.schema));
      checkedTickets += rows.length;
      if (rows.length < DOCTOR_PAGE) break;
      after = rows.at(-1)?.id ?? after;
    }
    return { ok: problems.length === 0, checkedTickets, problems };
  }

  async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
    const checked = parseStoredEvents(ticketId, JSON.parse(JSON.stringify(events)), "the imported history");
    const record: TicketRecord = { ticket: reduceTicket(ticketId, checked), events: [...events] };
    let sent: TicketRecord | undefined;
    return this.#retrying(`importing ticket '${ticketId}'`, async () => {
      if (sent !== undefined) {
        const found = await this.#settleInsert(sent);
        sent = undefined;
        if (found === "ours") return this.#remember(record);
        if (found === "taken") throw exists(ticketId);
      }
      sent = record;
      const inserted = await this.#insert(record);
      sent = undefined;
      if (!inserted) throw exists(ticketId);
      return this.#remember(record);
    });
  }

  /**
   * Stores many complete histories at once, {@link IMPORT_BATCH} tickets a statement — each
   * statement all or nothing — for moving a large queue in. Every history is checked first; a
   * damaged one refuses the whole call (`corrupt`) before anything is written. Ids that exist are
   * left alone and reported in `existing`.
   */
  async importHistories(
    histories: readonly { readonly ticketId: string; readonly events: readonly TicketEvent[] }[],
  ): Promise<{ readonly imported: readonly string[]; readonly existing: readonly string[] }> {
    const rows = histories.map(({ ticketId, events }) => {
      const checked = parseStoredEvents(ticketId, JSON.parse(JSON.stringify(events)), "the imported history");
      const ticket = reduceTicket(ticketId, checked);
      const [state, lease_holder, lease_token, lease_expires_at] = ticketColumns(ticket);
      return {
        id: ticketId,
        seq: ticket.seq,
        state,
        lease_holder,
        lease_token,
        lease_expires_at,
        snapshot: ticket,
        events: checked.map(toEventRow),
      };
    });
    const imported = new Set<string>();
    for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
      const batch = rows.slice(start, start + IMPORT_BATCH);
      const inserted = await this.#retrying("importing tickets", async () => {
        try {
          return await this.#rows<{ id: string }>(this.#statements.insertMany, [
            JSON.stringify(batch),
            this.#statements.names.channel,
          ]);
        } catch (error) {
          // A batch whose outcome is unknown committed if its first ticket is there as sent.
          const first = batch[0];
          if (first === undefined || !isRetryableError(error)) throw error;
          const found = await this.#history(first.id, false).catch(() => undefined);
          if (
            found !== undefined &&
            sameHistory(
              found.events,
              first.events.map((row) => row.event),
            )
          )
            return batch.map((row) => ({ id: row.id }));
          throw error;
        }
      });
      for (const row of inserted) imported.add(row.id);
    }
    return {
      imported: histories.map((history) => history.ticketId).filter((id) => imported.has(id)),
      existing: histories.map((history) => history.ticketId).filter((id) => !imported.has(id)),
    };
  }

  watch(listener: (change: TicketChange) => void): () => void {
    return this.#watcher.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#watcher.close();
      await this.#pool.end();
      this.#cache.clear();
    })();
    return this.#closed;
  }

  /** The ticket's history: the cached part plus the events after it, checked and reduced. */
  async #history(ticketId: string, useCache = true): Promise<TicketRecord | undefined> {
    const cached = useCache ? this.#cache.get(ticketId) : undefined;
    const known = cached?.events ?? [];
    const [row] = await this.#rows<{ at: Date; seq: number | null; events: unknown }>(
      this.#statements.history,
      [ticketId, known.length],
    );
    if (row === undefined || row.seq === null) {
      this.#cache.delete(ticketId);
      return undefined;
    }
    // Fewer events than we saw: the database was restored to an earlier point; start over.
    if (row.seq < known.length) return this.#history(ticketId, false);
    const fresh = parseStoredEvents(ticketId, row.events, `${this.schema}.ticket_events['${ticketId}']`);
    const events = [...known, ...fresh];
    const ticket =
      fresh.length === 0 && cached !== undefined ? cached.ticket : reduceTicket(ticketId, events);
    if (ticket.seq !== row.seq)
      throw new TicketError(
        "corrupt",
        `Ticket '${ticketId}' is damaged: its row is at seq ${row.seq} but its history ends at seq ${ticket.seq}. Run the doctor.`,
        { ticketId },
      );
    this.#cache.set(ticketId, { events, ticket });
    return { ticket, events };
  }

  /** Inserts a ticket with its history; false when the id exists. */
  async #insert(record: TicketRecord): Promise<boolean> {
    const { ticket } = record;
    const result = await this.#pool.query(
      bind(this.#statements.insert, [
        ticket.id,
        ticket.seq,
        ...ticketColumns(ticket),
        JSON.stringify(ticket),
        JSON.stringify(record.events.map(toEventRow)),
        this.#statements.names.channel,
      ]),
    );
    return result.rows.length === 1;
  }

  /**
   * After an append with an unknown outcome: the result if it committed (the next event is ours
   * in all but its time) or if another write took the seq; undefined when the seq is still free.
   */
  async #settleAppend(ticketId: string, sent: TicketEvent): Promise<AppendResult | undefined> {
    const [stored] = await this.#rows<{ event: unknown }>(this.#statements.eventAt, [ticketId, sent.seq]);
    if (stored === undefined) return undefined;
    const event = stored.event as TicketEvent;
    if (!sameEvent(event, withTime(sent, event.at))) return this.#conflict(ticketId);
    const record = await this.#history(ticketId);
    if (record === undefined) throw new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
    return {
      ok: true,
      record: {
        ticket: reduceTicket(ticketId, record.events.slice(0, sent.seq)),
        events: record.events.slice(0, sent.seq),
      },
      event,
    };
  }

  /** After an insert with an unknown outcome: did it commit (`ours`), is the id someone else's, or is it free? */
  async #settleInsert(sent: TicketRecord): Promise<"ours" | "taken" | "free"> {
    const found = await this.#history(sent.ticket.id, false);
    if (found === undefined) return "free";
    return sameHistory(found.events, sent.events) ? "ours" : "taken";
  }

  async #conflict(ticketId: string): Promise<AppendResult> {
    const [row] = await this.#rows<{ seq: number }>(this.#statements.seqOf, [ticketId]);
    if (row === undefined) throw new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
    return { ok: false, reason: "conflict", currentSeq: row.seq };
  }

  #remember(record: TicketRecord): TicketRecord {
    this.#cache.set(record.ticket.id, { events: record.events, ticket: record.ticket });
    return { ticket: record.ticket, events: [...record.events] };
  }

  async #rows<Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]): Promise<Row[]> {
    return (await this.#pool.query<Row>(bind(statement, values))).rows;
  }

  /** Runs one operation with the connection retry policy; a refusal by the database becomes `storage_unavailable`. */
  async #retrying<T>(what: string, operation: () => Promise<T>): Promise<T> {
    if (this.#closed !== undefined)
      throw new TicketError(
        "storage_unavailable",
        `The PostgreSQL ticket store is closed; cannot go on ${what}.`,
      );
    try {
      return await retryOnConnectionError(what, operation, this.#retry);
    } catch (error) {
      if (error instanceof pg.DatabaseError)
        throw new TicketError(
          "storage_unavailable",
          `PostgreSQL refused ${what}: ${error.message} (SQLSTATE ${error.code}).`,
          { cause: error },
        );
      throw error;
    }
  }
}

function exists(ticketId: string): TicketError {
  return new TicketError("conflict", `Ticket '${ticketId}' already exists.`, { ticketId });
}

function isoTime(time: Date | undefined): string {
  if (time === undefined || Number.isNaN(time.getTime()))
    throw new TicketError("storage_unavailable", "PostgreSQL returned no usable time.");
  return time.toISOString();
}

/** `value` with the commit-time placeholder replaced by `at`, wherever the domain copied it. */
function withTime<T>(value: T, at: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(AT_PLACEHOLDER, at)) as T;
}

function sameHistory(left: readonly unknown[], right: readonly unknown[]): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(left)), JSON.parse(JSON.stringify(right)));
}

/** Whether a stored event is the one we wrote (both as JSON, so absent and undefined fields agree). */
function sameEvent(stored: unknown, ours: TicketEvent): boolean {
  return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(ours)));
}
