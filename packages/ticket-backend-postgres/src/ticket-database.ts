import { reduceTicket, TicketError, type TicketRecord } from "@podkit/ticket-lifecycle";
import pg, { type Pool, type QueryResultRow } from "pg";
import { type ConnectionRetryOptions, retryOnConnectionError } from "./connection-retry.js";
import { HistoryCache } from "./history-cache.js";
import { parseStoredEvents } from "./stored-event.js";
import { bind, type Statement, type TicketStatements } from "./ticket-statements.js";

/** SQLSTATEs of a write the role may not make (42501) or a read-only server or transaction (25006). */
const READ_ONLY_SQLSTATES = new Set(["42501", "25006"]);

/**
 * One schema's tables as the backend reaches them: the pool, the statements, the retry policy
 * and the cache of committed histories.
 */
export class TicketDatabase {
  readonly cache = new HistoryCache();
  #closed = false;

  constructor(
    readonly pool: Pool,
    readonly statements: TicketStatements,
    readonly retry: ConnectionRetryOptions,
  ) {}

  get schema(): string {
    return this.statements.names.schema;
  }

  async rows<Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(bind(statement, values))).rows;
  }

  /**
   * Runs one operation with the connection retry policy; a refusal by the database becomes
   * `storage_unavailable`.
   */
  async retrying<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return this.#retrying(what, operation, "read");
  }

  /**
   * `retrying` for an operation that writes: a write the role may not make (or one sent to a
   * read-only standby) is `read_only`, and nothing was written.
   */
  async writing<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return this.#retrying(what, operation, "write");
  }

  async #retrying<T>(what: string, operation: () => Promise<T>, access: "read" | "write"): Promise<T> {
    if (this.#closed)
      throw new TicketError(
        "storage_unavailable",
        `The PostgreSQL ticket store is closed; cannot go on ${what}.`,
      );
    try {
      return await retryOnConnectionError(what, operation, this.retry);
    } catch (error) {
      if (
        error instanceof pg.DatabaseError &&
        access === "write" &&
        READ_ONLY_SQLSTATES.has(error.code ?? "")
      )
        throw new TicketError(
          "read_only",
          `PostgreSQL refused ${what}: ${error.message} (SQLSTATE ${error.code}). The store is read-only for this role: nothing was written; reads still work. Writing needs INSERT and UPDATE on the tables of schema '${this.schema}' (and a primary server).`,
          { cause: error },
        );
      if (error instanceof pg.DatabaseError)
        throw new TicketError(
          "storage_unavailable",
          `PostgreSQL refused ${what}: ${error.message} (SQLSTATE ${error.code}).`,
          { cause: error },
        );
      throw error;
    }
  }

  /** A ticket's history: the cached part plus the events after it, checked and reduced; cached again. */
  async history(ticketId: string, useCache = true): Promise<TicketRecord | undefined> {
    const cached = useCache ? this.cache.get(ticketId) : undefined;
    const known = cached?.events ?? [];
    const [row] = await this.rows<{ seq: number | null; events: unknown }>(this.statements.history, [
      ticketId,
      known.length,
    ]);
    if (row === undefined || row.seq === null) {
      this.cache.delete(ticketId);
      return undefined;
    }
    // Fewer events than we saw: the database was restored to an earlier point; start over.
    if (row.seq < known.length) return this.history(ticketId, false);
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
    this.cache.set(ticketId, { events, ticket });
    return { ticket, events };
  }

  /** Remembers a committed record and hands out a copy of its event list. */
  remember(record: TicketRecord): TicketRecord {
    this.cache.set(record.ticket.id, { events: record.events, ticket: record.ticket });
    return { ticket: record.ticket, events: [...record.events] };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.pool.end();
    this.cache.clear();
  }
}
