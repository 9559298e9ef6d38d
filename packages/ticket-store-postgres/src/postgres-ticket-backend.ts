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
import { type ConnectionRetryOptions, retryOnConnectionError } from "./connection-retry.js";
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

/** A history as read, with the database time of the read (the time a write made from it gets). */
interface ReadHistory extends TicketRecord {
  readonly at: string;
}

const DOCTOR_PAGE = 500;
const MAX_ID_ALLOCATIONS = 100;

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
    let sent: TicketRecord | undefined;
    return this.#retrying(`appending to ticket '${ticketId}'`, async (): Promise<AppendResult> => {
      if (sent !== undefined) {
        // The last try's outcome is unknown: it committed if the next event is exactly ours.
        const ours = sent.events.at(-1) as TicketEvent;
        const [stored] = await this.#rows<{ event: unknown }>(this.#statements.eventAt, [ticketId, ours.seq]);
        sent = stored === undefined ? undefined : sent;
        if (sent !== undefined && stored !== undefined) {
          if (sameEvent(stored.event, ours)) return { ok: true, record: this.#remember(sent), event: ours };
          return this.#conflict(ticketId);
        }
      }
      const current = await this.#history(ticketId);
      if (current === undefined) throw new TicketError("not_found", `No ticket '${ticketId}'.`, { ticketId });
      if (current.ticket.seq !== expectedSeq)
        return { ok: false, reason: "conflict", currentSeq: current.ticket.seq };
      const event: TicketEvent = {
        ...options.event,
        seq: expectedSeq + 1,
        actor: options.actor,
        at: current.at,
      };
      const record: TicketRecord = {
        ticket: applyEvent(current.ticket, event),
        events: [...current.events, event],
      };
      const { guard, token } = appendCondition(options.event);
      const row = toEventRow(event);
      sent = record;
      const result = await this.#pool.query(
        bind(this.#statements.append(guard), [
          ticketId,
          expectedSeq,
          ...ticketColumns(record.ticket),
          JSON.stringify(record.ticket),
          row.kind,
          row.at,
          row.actor_role,
          row.actor_agent_id,
          row.token,
          JSON.stringify(row.event),
          this.#statements.names.channel,
          ...(guardUsesToken(guard) ? [token] : []),
        ]),
      );
      sent = undefined;
      if (result.rows.length === 0) return this.#conflict(ticketId);
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
  async #history(ticketId: string, useCache = true): Promise<ReadHistory | undefined> {
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
    return { ticket, events, at: isoTime(row.at) };
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

  /** After an insert with an unknown outcome: did it commit (`ours`), is the id someone else's, or is it free? */
  async #settleInsert(sent: TicketRecord): Promise<"ours" | "taken" | "free"> {
    const found = await this.#history(sent.ticket.id, false);
    if (found === undefined) return "free";
    return isDeepStrictEqual(
      JSON.parse(JSON.stringify(found.events)),
      JSON.parse(JSON.stringify(sent.events)),
    )
      ? "ours"
      : "taken";
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

/** Whether a stored event is the one we wrote (both as JSON, so absent and undefined fields agree). */
function sameEvent(stored: unknown, ours: TicketEvent): boolean {
  return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(ours)));
}
