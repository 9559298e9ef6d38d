import { TicketError } from "@podkit/ticket-lifecycle";

/** How long a call keeps trying while the database is unreachable. */
export interface ConnectionRetryOptions {
  /** Tries in all, the first included (default 10). */
  readonly attempts?: number;
  /** Wait before the second try; doubles each time (default 50 ms). */
  readonly initialDelayMs?: number;
  /** Upper bound of one wait (default 2,000 ms): about 10 s of trying in all by default. */
  readonly maxDelayMs?: number;
}

/** Retry settings used when none are given: 10 attempts, 50 ms doubling up to 2 s between them. */
export const DEFAULT_CONNECTION_RETRY: Required<ConnectionRetryOptions> = {
  attempts: 10,
  initialDelayMs: 50,
  maxDelayMs: 2_000,
};

// The connection is gone or was never made: a statement in flight may or may not have committed.
const CONNECTION_SQLSTATES = new Set([
  "08000", // connection_exception
  "08001", // sqlclient_unable_to_establish_sqlconnection
  "08003", // connection_does_not_exist
  "08004", // sqlserver_rejected_establishment_of_sqlconnection
  "08006", // connection_failure
  "53300", // too_many_connections
  "57P01", // admin_shutdown (pg_terminate_backend, a fast shutdown)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, in recovery)
]);
// The statement was cancelled or rolled back by the server: nothing of it committed.
const ROLLED_BACK_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "55P03", // lock_not_available
  "57014", // query_canceled (statement_timeout)
]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOENT", // a Unix socket that is not there while the server restarts
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|server closed the connection/i;

/** Whether `error` means a try worth repeating: the connection failed or the server rolled the statement back. */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_SQLSTATES.has(code) || ROLLED_BACK_SQLSTATES.has(code)))
    return true;
  if (typeof code === "string" && SOCKET_CODES.has(code)) return true;
  return CONNECTION_MESSAGES.test(error.message);
}

/**
 * Runs `operation`, repeating it with exponential backoff while it fails with a retryable error
 * ({@link isRetryableError}); other errors pass through at once. When the tries run out, throws
 * `TicketError('storage_unavailable')` with the last error as `cause`. Writes that may have
 * committed before their connection failed must make `operation` find that out first.
 */
export async function retryOnConnectionError<T>(
  what: string,
  operation: (attempt: number) => Promise<T>,
  options: ConnectionRetryOptions = {},
): Promise<T> {
  const { attempts, initialDelayMs, maxDelayMs } = { ...DEFAULT_CONNECTION_RETRY, ...options };
  const started = Date.now();
  let delay = initialDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryableError(error)) throw error;
      if (attempt >= attempts) {
        throw new TicketError(
          "storage_unavailable",
          `PostgreSQL did not answer ${what}: ${(error as Error).message} (${attempts} tries over ${Date.now() - started} ms). Check that the database is up and reachable, then retry.`,
          { cause: error },
        );
      }
      // Jitter keeps processes that lost the server together from reconnecting in lockstep.
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}
