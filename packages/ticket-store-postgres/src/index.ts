export { type ConnectionRetryOptions, DEFAULT_CONNECTION_RETRY } from "./connection-retry.js";
export {
  type CopySkipReason,
  type CopyTicketsOptions,
  type CopyTicketsResult,
  copyTickets,
  type SkippedTicket,
} from "./copy-tickets.js";
export {
  createPostgresTicketBackend,
  type PostgresPoolOptions,
  type PostgresTicketBackendOptions,
} from "./create-postgres-ticket-backend.js";
export type { ImportHistoriesResult } from "./import-histories.js";
export { PostgresStoreError, type PostgresStoreErrorCode } from "./postgres-store-error.js";
export { PostgresTicketBackend } from "./postgres-ticket-backend.js";
export type { Migration } from "./schema-migrations.js";
export { DEFAULT_SCHEMA, SCHEMA_NAME_PATTERN } from "./schema-names.js";
