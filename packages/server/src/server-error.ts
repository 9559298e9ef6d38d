import { PodkitError } from "@podkit/core";

/** Stable codes for every error `@podkit/server` raises. */
export type ServerErrorCode =
  /** Options that cannot make a server: a missing store, a bad host or port. */
  | "invalid_options"
  /** The address cannot be listened on (in use, not this machine's, not permitted). */
  | "listen_failed";

const SERVER_ERROR = "podkit.server-error";
const serverErrorBrand = Symbol.for(SERVER_ERROR);

/** A server that cannot be built or started; the message says what and what is allowed. */
export class ServerError extends PodkitError {
  protected readonly [serverErrorBrand] = true;
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** Whether `error` is a server error, from any copy of `@podkit/server`. */
  static override isInstance(error: unknown): error is ServerError {
    return PodkitError.hasBrand(error, SERVER_ERROR);
  }
}
