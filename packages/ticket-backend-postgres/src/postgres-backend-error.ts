import { brandGuard, PodkitError } from "@podkit/core";

/** Codes for problems opening a PostgreSQL ticket store; storage failures at call time are `TicketError`s. */
export type PostgresBackendErrorCode =
  | "invalid_options"
  | "schema_too_new"
  | "schema_not_migrated"
  | "migration_failed";

/**
 * A PostgreSQL ticket store that cannot be opened as configured: bad options, a schema migrated
 * by a newer podkit, a schema behind this podkit that the role may not migrate, or a migration
 * that failed (and was rolled back).
 */
export class PostgresBackendError extends PodkitError<PostgresBackendErrorCode> {
  static override readonly isInstance = brandGuard<PostgresBackendError>("podkit.postgres-backend-error");
  /** The schema the store was opened on, when known. */
  readonly schema: string | undefined;

  constructor(
    code: PostgresBackendErrorCode,
    message: string,
    options?: { readonly schema?: string; readonly cause?: unknown },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.schema = options?.schema;
  }
}
