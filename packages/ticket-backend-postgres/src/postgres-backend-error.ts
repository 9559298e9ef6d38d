import { PodkitError } from "@podkit/core";

/** Codes for problems opening a PostgreSQL ticket store; storage failures at call time are `TicketError`s. */
export type PostgresBackendErrorCode = "invalid_options" | "schema_too_new" | "migration_failed";

const POSTGRES_BACKEND_ERROR = "podkit.postgres-backend-error";
const postgresBackendErrorBrand = Symbol.for(POSTGRES_BACKEND_ERROR);

/**
 * A PostgreSQL ticket store that cannot be opened as configured: bad options, a schema migrated
 * by a newer podkit, or a migration that failed (and was rolled back).
 */
export class PostgresBackendError extends PodkitError {
  protected readonly [postgresBackendErrorBrand] = true;
  declare readonly code: PostgresBackendErrorCode;
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

  /** Whether `error` is a PostgreSQL backend error, from any copy of `@podkit/ticket-backend-postgres`. */
  static override isInstance(error: unknown): error is PostgresBackendError {
    return PodkitError.hasBrand(error, POSTGRES_BACKEND_ERROR);
  }
}
