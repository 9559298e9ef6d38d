import { PodkitError } from "@podkit/core";

/** Codes for problems opening a PostgreSQL ticket store; storage failures at call time are `TicketError`s. */
export type PostgresStoreErrorCode = "invalid_options" | "schema_too_new" | "migration_failed";

/**
 * A PostgreSQL ticket store that cannot be opened as configured: bad options, a schema migrated
 * by a newer podkit, or a migration that failed (and was rolled back).
 */
export class PostgresStoreError extends PodkitError {
  declare readonly code: PostgresStoreErrorCode;
  readonly schema: string | undefined;

  constructor(
    code: PostgresStoreErrorCode,
    message: string,
    options?: { readonly schema?: string; readonly cause?: unknown },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.schema = options?.schema;
  }
}
