import type { SchemaNames } from "./schema-names.js";

/** One step of the schema; applied once, in its own transaction, in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The DDL for the schema `names` describes. */
  sql(names: SchemaNames): string;
}

/**
 * The number of a `T-N` id as an exact `numeric` of any length (an id holds up to 126 digits);
 * the expression index lets `create` find the highest one cheaply.
 */
export const TICKET_NUMBER_SQL = "((substring(id FROM '^T-([0-9]+)$'))::numeric)";

/**
 * Migration 1's expression: `bigint` of at most 15 digits, so `T-9007199254740992` and longer ids
 * were invisible to allocation. Kept as shipped; migration 2 replaces its index.
 */
const TICKET_NUMBER_SQL_V1 = "((substring(id FROM '^T-([0-9]{1,15})$'))::bigint)";

/**
 * Every migration this version knows. Append new ones with the next version number; never
 * edit one that has shipped, since databases record only the version they applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "tickets and their events",
    sql: ({ tickets, events }) => `
      CREATE TABLE ${tickets} (
        id text PRIMARY KEY,
        -- The last event's seq: the version compare-and-set writes against.
        seq integer NOT NULL CHECK (seq >= 1),
        state text NOT NULL,
        lease_holder text,
        lease_token integer,
        lease_expires_at timestamptz,
        -- The ticket as reduceTicket derives it from the events, for list() without history.
        snapshot jsonb NOT NULL,
        -- Database time of the last write statement: incremental polls of watch() read it.
        changed_at timestamptz NOT NULL
      );
      CREATE INDEX tickets_state_idx ON ${tickets} (state);
      CREATE INDEX tickets_number_idx ON ${tickets} (${TICKET_NUMBER_SQL_V1});
      CREATE INDEX tickets_changed_at_idx ON ${tickets} (changed_at);
      CREATE TABLE ${events} (
        ticket_id text NOT NULL REFERENCES ${tickets} (id),
        seq integer NOT NULL CHECK (seq >= 1),
        kind text NOT NULL,
        at timestamptz NOT NULL,
        actor_role text NOT NULL,
        actor_agent_id text NOT NULL,
        token integer,
        -- The whole event as committed, so it reads back exactly (times as written, every field).
        event jsonb NOT NULL,
        PRIMARY KEY (ticket_id, seq)
      );`,
  },
  {
    version: 2,
    name: "ticket numbers as exact integers of any length",
    sql: ({ quotedSchema, tickets }) => `
      DROP INDEX ${quotedSchema}.tickets_number_idx;
      CREATE INDEX tickets_number_idx ON ${tickets} (${TICKET_NUMBER_SQL});`,
  },
  {
    version: 3,
    name: "credentials: hashed bearer tokens of @podkit/credentials",
    // Only a SHA-256 of each token is stored; the token itself is shown once and never written.
    sql: ({ quotedSchema }) => `
      CREATE TABLE ${quotedSchema}.credentials (
        id text PRIMARY KEY,
        token_hash text NOT NULL,
        role text NOT NULL,
        agent_id text NOT NULL,
        ticket_id text,
        label text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz
      );`,
  },
  {
    version: 4,
    name: "store locks: named, expiring locks (the orchestrators' merge queue)",
    sql: ({ locks }) => `
      CREATE TABLE ${locks} (
        name text PRIMARY KEY,
        holder text NOT NULL,
        -- Database time; past it, anyone may take the lock over.
        expires_at timestamptz NOT NULL
      );`,
  },
];
