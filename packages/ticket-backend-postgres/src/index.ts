/**
 * A PostgreSQL `TicketBackend` for orchestrators on several machines: one-statement compare-and-
 * set, fenced writes, database time, LISTEN/NOTIFY with a polling backstop, and schema migrations
 * on open.
 *
 * @module @podkit/ticket-backend-postgres
 */
export { type ConnectionRetryOptions, DEFAULT_CONNECTION_RETRY } from "./connection-retry.js";
export {
  createPostgresTicketBackend,
  type PostgresPoolOptions,
  type PostgresTicketBackendOptions,
} from "./create-postgres-ticket-backend.js";
export type { ImportHistoriesResult } from "./import-histories.js";
export { PostgresBackendError, type PostgresBackendErrorCode } from "./postgres-backend-error.js";
export { PostgresTicketBackend } from "./postgres-ticket-backend.js";
export type { Migration } from "./schema-migrations.js";
export { DEFAULT_SCHEMA, SCHEMA_NAME_PATTERN } from "./schema-names.js";
