import { createHash } from "node:crypto";
import type { WriteRequirementKind } from "@podkit/ticket-lifecycle";
import type { QueryConfig } from "pg";
import { appendGuardSql } from "./append-guard.js";
import { TICKET_NUMBER_SQL } from "./schema-migrations.js";
import type { SchemaNames } from "./schema-names.js";

/** Database time, cut to milliseconds so it survives a trip through a JavaScript `Date` unchanged. */
export const DATABASE_TIME_SQL = "date_trunc('milliseconds', clock_timestamp())";

const NOTIFY_SQL = "pg_notify($channel, json_build_object('ticketId', id, 'seq', seq, 'state', state)::text)";

/** A statement text with a name, so each connection parses and plans it once. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** A named statement for `text`, so each connection parses and plans it once. */
export function statement(text: string): Statement {
  // Named by content: different schemas and guards never share a name on one connection.
  return { name: `podkit_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`, text };
}

/** Binds values to a statement as a pg query config. */
export function bind(statement: Statement, values: readonly unknown[]): QueryConfig {
  return { name: statement.name, text: statement.text, values: [...values] };
}

/** Every statement of the store, for one schema. */
export class TicketStatements {
  readonly now: Statement;
  /** `$1` id, `$2` seq already known: the row's seq and the events after it. */
  readonly history: Statement;
  /** Database time and the highest `T-N` number as exact decimal text (`0` when there is none). */
  readonly nextId: Statement;
  /**
   * Inserts a ticket row and its whole history unless the id exists (zero rows), and rings the
   * doorbell: `$1` id, `$2` seq, `$3` state, `$4`–`$6` lease, `$7` snapshot, `$8` event rows, `$9` channel.
   */
  readonly insert: Statement;
  /**
   * Inserts many tickets with their histories in one statement, skipping ids that exist: `$1` a
   * JSON array of `{ id, seq, state, lease_holder, lease_token, lease_expires_at, snapshot, events }`,
   * `$2` channel. Returns the ids inserted.
   */
  readonly insertMany: Statement;
  readonly seqOf: Statement;
  readonly eventAt: Statement;
  /** `$1` states or null: every ticket's snapshot. */
  readonly list: Statement;
  /** `$1` changed since (null: all): rows `[id, seq, state]`, and the statement's database time. */
  readonly poll: Statement;
  /** `$1` id after, `$2` page size: rows with their stored columns and events, for the doctor. */
  readonly doctorPage: Statement;
  readonly #append = new Map<WriteRequirementKind, Statement>();

  constructor(readonly names: SchemaNames) {
    const { tickets, events } = names;
    this.now = statement(`SELECT ${DATABASE_TIME_SQL} AS now`);
    this.history = statement(
      `SELECT (SELECT seq FROM ${tickets} WHERE id = $1) AS seq,
        (SELECT coalesce(jsonb_agg(event ORDER BY seq), '[]'::jsonb) FROM ${events}
          WHERE ticket_id = $1 AND seq > $2) AS events`,
    );
    this.nextId = statement(
      `SELECT ${DATABASE_TIME_SQL} AS at,
        coalesce((SELECT max(${TICKET_NUMBER_SQL}) FROM ${tickets}), 0)::text AS highest`,
    );
    this.insert = statement(
      `WITH inserted AS (
        INSERT INTO ${tickets} (id, seq, state, lease_holder, lease_token, lease_expires_at, snapshot, changed_at)
        VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::jsonb, clock_timestamp())
        ON CONFLICT (id) DO NOTHING
        RETURNING id, seq, state
      ), inserted_events AS (
        INSERT INTO ${events} (ticket_id, seq, kind, at, actor_role, actor_agent_id, token, event)
        SELECT inserted.id, row.seq, row.kind, row.at, row.actor_role, row.actor_agent_id, row.token, row.event
        FROM inserted, jsonb_to_recordset($8::jsonb) AS row(
          seq integer, kind text, at timestamptz, actor_role text, actor_agent_id text, token integer, event jsonb)
      )
      SELECT ${NOTIFY_SQL.replace("$channel", "$9")} FROM inserted`,
    );
    this.insertMany = statement(
      `WITH input AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS input(id text, seq integer, state text, lease_holder text,
          lease_token integer, lease_expires_at timestamptz, snapshot jsonb, events jsonb)
      ), inserted AS (
        INSERT INTO ${tickets} (id, seq, state, lease_holder, lease_token, lease_expires_at, snapshot, changed_at)
        SELECT id, seq, state, lease_holder, lease_token, lease_expires_at, snapshot, clock_timestamp() FROM input
        ON CONFLICT (id) DO NOTHING
        RETURNING id, seq, state
      ), inserted_events AS (
        INSERT INTO ${events} (ticket_id, seq, kind, at, actor_role, actor_agent_id, token, event)
        SELECT inserted.id, row.seq, row.kind, row.at, row.actor_role, row.actor_agent_id, row.token, row.event
        FROM inserted JOIN input ON input.id = inserted.id, jsonb_to_recordset(input.events) AS row(
          seq integer, kind text, at timestamptz, actor_role text, actor_agent_id text, token integer, event jsonb)
      )
      SELECT id, ${NOTIFY_SQL.replace("$channel", "$2")} FROM inserted`,
    );
    this.seqOf = statement(`SELECT seq FROM ${tickets} WHERE id = $1`);
    this.eventAt = statement(`SELECT event FROM ${events} WHERE ticket_id = $1 AND seq = $2`);
    this.list = statement(
      `SELECT id, snapshot FROM ${tickets} WHERE $1::text[] IS NULL OR state = ANY($1::text[])`,
    );
    this.poll = statement(
      `SELECT statement_timestamp() AS polled_at,
        (SELECT coalesce(jsonb_agg(jsonb_build_array(id, seq, state, changed_at)), '[]'::jsonb) FROM ${tickets}
          WHERE $1::timestamptz IS NULL OR changed_at >= $1::timestamptz) AS rows`,
    );
    this.doctorPage = statement(
      `SELECT t.id, t.seq, t.state, t.lease_holder, t.lease_token, t.lease_expires_at, t.snapshot,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'kind', e.kind, 'at', e.at, 'event', e.event)
          ORDER BY e.seq), '[]'::jsonb) FROM ${events} e WHERE e.ticket_id = t.id) AS events
      FROM ${tickets} t WHERE t.id > $1 ORDER BY t.id LIMIT $2`,
    );
  }

  /**
   * The compare-and-set append: one statement that moves the row from `$2` to `$2 + 1` only if
   * it is still at `$2` (and the write's requirement holds), inserts the event, and rings the doorbell — all in
   * the statement's own transaction. The event's time is the database's, taken once in the
   * statement: the lease expiry `$6`, the snapshot `$7` and the event `$13` come as text in which
   * `$9` stands for it (wherever the domain copied the event's time). `$3`–`$6` state and lease,
   * `$8`, `$10`–`$12` event columns, `$14` channel, `$15` on the requirement's values
   * (`appendGuardValues`). Returns the time; zero rows: nothing written.
   */
  append(requirement: WriteRequirementKind): Statement {
    let found = this.#append.get(requirement);
    if (found === undefined) {
      const { tickets, events } = this.names;
      found = statement(
        `WITH clock AS MATERIALIZED (
          SELECT to_char(${DATABASE_TIME_SQL} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
        ), updated AS (
          UPDATE ${tickets} SET seq = $2 + 1, state = $3, lease_holder = $4, lease_token = $5,
            lease_expires_at = replace($6::text, $9::text, (SELECT at FROM clock))::timestamptz,
            snapshot = replace($7::text, $9::text, (SELECT at FROM clock))::jsonb,
            changed_at = clock_timestamp()
          WHERE id = $1 AND seq = $2 ${appendGuardSql(requirement)}
          RETURNING id, seq, state
        ), inserted AS (
          INSERT INTO ${events} (ticket_id, seq, kind, at, actor_role, actor_agent_id, token, event)
          SELECT id, seq, $8::text, (SELECT at FROM clock)::timestamptz, $10::text, $11::text, $12::integer,
            replace($13::text, $9::text, (SELECT at FROM clock))::jsonb
          FROM updated
        )
        SELECT (SELECT at FROM clock) AS at, ${NOTIFY_SQL.replace("$channel", "$14")} FROM updated`,
      );
      this.#append.set(requirement, found);
    }
    return found;
  }
}
