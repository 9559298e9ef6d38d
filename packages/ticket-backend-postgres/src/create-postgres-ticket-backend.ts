import pg, { type ClientConfig } from "pg";
import { type ConnectionRetryOptions, retryOnConnectionError } from "./connection-retry.js";
import { type MigrationReport, migrateSchema } from "./migrate-schema.js";
import { PostgresBackendError } from "./postgres-backend-error.js";
import { PostgresTicketBackend } from "./postgres-ticket-backend.js";
import type { Migration } from "./schema-migrations.js";
import { DEFAULT_SCHEMA, type SchemaNames, schemaNames } from "./schema-names.js";
import { TicketDatabase } from "./ticket-database.js";
import { TicketStatements } from "./ticket-statements.js";
import { TicketWatcher } from "./ticket-watcher.js";

/** Connection pool and session settings. */
export interface PostgresPoolOptions {
  /** Connections at most (default 10). */
  readonly max?: number;
  /** `statement_timeout` of every session (default 5,000 ms): no statement holds locks longer. */
  readonly statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` (default 5,000 ms): a client stuck inside a transaction loses its session. */
  readonly idleInTransactionTimeoutMs?: number;
  /** How long to wait for a new connection before the try counts as failed (default 5,000 ms). */
  readonly connectionTimeoutMs?: number;
  /** `application_name`, shown in `pg_stat_activity` (default `podkit`). */
  readonly applicationName?: string;
}

/** Where and how `createPostgresTicketBackend` connects: URL, schema, pool, retries and the watch settings. */
export interface PostgresTicketBackendOptions {
  /** A connection string, e.g. `postgres://podkit@db.internal:5432/podkit`. */
  readonly url: string;
  /** The schema that holds the tables (default `podkit`); created and migrated on open. */
  readonly schema?: string;
  /** Connection pool settings. */
  readonly pool?: PostgresPoolOptions;
  /** How long calls keep trying while the database is unreachable (default about 10 s). */
  readonly retry?: ConnectionRetryOptions;
  /** The polling backstop of `watch()` behind LISTEN/NOTIFY (default 2,000 ms). */
  readonly pollIntervalMs?: number;
  /** The first wait before a dropped LISTEN connection reconnects (default 100 ms; doubles up to 5 s). */
  readonly reconnectDelayMs?: number;
  /** Told about failed polls and dropped LISTEN connections, which the backend recovers from itself. */
  readonly onWatchError?: (error: unknown) => void;
  /** @internal Migrations to apply instead of the built-in ones (tests of the migration runner). */
  readonly migrations?: readonly Migration[];
}

const DEFAULTS = {
  max: 10,
  statementTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 5_000,
  connectionTimeoutMs: 5_000,
  applicationName: "podkit",
} as const;

/** The session settings of every connection the backend opens, from its options. */
export function postgresClientConfig(options: PostgresTicketBackendOptions): ClientConfig {
  const pool = { ...DEFAULTS, ...options.pool };
  return {
    connectionString: options.url,
    statement_timeout: pool.statementTimeoutMs,
    idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    application_name: pool.applicationName,
    keepAlive: true,
  };
}

/**
 * Opens a PostgreSQL ticket store: checks the options, creates and migrates the schema under an
 * advisory lock (processes starting at once are safe), and returns a backend with its own pool.
 * Close it with `close()`. Connection failures while opening are retried like any call.
 */
export async function createPostgresTicketBackend(
  options: PostgresTicketBackendOptions,
): Promise<PostgresTicketBackend> {
  if (typeof options.url !== "string" || options.url.trim() === "") {
    throw new PostgresBackendError(
      "invalid_options",
      "No PostgreSQL connection string: give 'url' (e.g. postgres://user@host:5432/db), or set PODKIT_PG_URL where the caller reads it.",
    );
  }
  const names = schemaNames(options.schema ?? DEFAULT_SCHEMA);
  const max = options.pool?.max ?? DEFAULTS.max;
  if (!Number.isInteger(max) || max < 1 || max > 1_000)
    throw new PostgresBackendError(
      "invalid_options",
      `pool.max is ${max}; allowed: an integer from 1 to 1000.`,
    );
  const clientConfig = postgresClientConfig(options);
  await openAndMigrate(options, clientConfig, names);
  const pool = new pg.Pool({ ...clientConfig, max });
  // An idle connection that dies (a server restart) is dropped; the next query opens a new one.
  pool.on("error", () => {});
  const statements = new TicketStatements(names);
  const statementTimeoutMs = options.pool?.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs;
  const watcher = new TicketWatcher({
    pool,
    connect: () => new pg.Client(clientConfig),
    statements,
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    lookbackMs: 2 * statementTimeoutMs + 1_000,
    ...(options.reconnectDelayMs === undefined ? {} : { reconnectDelayMs: options.reconnectDelayMs }),
    ...(options.onWatchError === undefined ? {} : { onError: options.onWatchError }),
  });
  return new PostgresTicketBackend({
    database: new TicketDatabase(pool, statements, options.retry ?? {}),
    watcher,
  });
}

async function openAndMigrate(
  options: PostgresTicketBackendOptions,
  clientConfig: ClientConfig,
  names: SchemaNames,
): Promise<MigrationReport> {
  return retryOnConnectionError(
    `opening schema '${names.schema}'`,
    async () => {
      // Waiting for another process's migration can take longer than a normal statement.
      const client = new pg.Client({ ...clientConfig, statement_timeout: 120_000 });
      client.on("error", () => {});
      await client.connect();
      try {
        return await migrateSchema({
          client,
          names,
          ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
        });
      } finally {
        await client.end().catch(() => {});
      }
    },
    options.retry,
  );
}
