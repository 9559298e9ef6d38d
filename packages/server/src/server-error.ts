import { brandGuard, PodkitError } from "@podkit/core";

/** Stable codes for every error `@podkit/server` raises. */
export type ServerErrorCode =
  /** Options that cannot make a server: a missing store, a bad host or port. */
  | "invalid_options"
  /** The address cannot be listened on (in use, not this machine's, not permitted). */
  | "listen_failed";

/** A server that cannot be built or started; the message says what and what is allowed. */
export class ServerError extends PodkitError<ServerErrorCode> {
  static override readonly isInstance = brandGuard<ServerError>("podkit.server-error");
}
