/**
 * The default schema name, the rule schema names follow, and the quoted table names derived from
 * one; loads no database driver.
 *
 * @module @podkit/ticket-backend-postgres/schema-names
 */

import { PostgresBackendError } from "./postgres-backend-error.js";

/** The default schema: its notification channel is `podkit_tickets`. */
export const DEFAULT_SCHEMA = "podkit";

/**
 * Schema names: lower-case letters, digits and '_', so they need no quoting surprises and
 * `<schema>_tickets` stays a valid channel name (at most 63 bytes).
 */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,47}$/;

/** Quoted, schema-qualified names of everything the store uses in one schema. */
export interface SchemaNames {
  readonly schema: string;
  /** `"schema"`, for DDL. */
  readonly quotedSchema: string;
  readonly tickets: string;
  readonly events: string;
  readonly migrations: string;
  /** Store locks (`acquireLock` / `releaseLock`). */
  readonly locks: string;
  /** The LISTEN/NOTIFY channel: `<schema>_tickets`. */
  readonly channel: string;
}

/** Names for `schema`, after checking it against {@link SCHEMA_NAME_PATTERN}. */
export function schemaNames(schema: string): SchemaNames {
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new PostgresBackendError(
      "invalid_options",
      `'${schema.slice(0, 80)}' is not a usable schema name. Allowed: 1-48 lower-case letters, digits or '_', not starting with a digit (e.g. 'podkit').`,
      { schema },
    );
  }
  const quotedSchema = `"${schema}"`;
  return {
    schema,
    quotedSchema,
    tickets: `${quotedSchema}.tickets`,
    events: `${quotedSchema}.ticket_events`,
    migrations: `${quotedSchema}.schema_migrations`,
    locks: `${quotedSchema}.store_locks`,
    channel: `${schema}_tickets`,
  };
}
