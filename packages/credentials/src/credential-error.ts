import { brandGuard, PodkitError } from "@podkit/core";

/** Stable codes for every error `@podkit/credentials` raises. */
export type CredentialErrorCode =
  /** A role, agent id, ticket id or expiry that cannot be a credential's. */
  | "invalid_input"
  /** No credential with that id (revoke, get). */
  | "not_found"
  /** The store cannot be read or written: a missing directory, permissions, an unreachable database. */
  | "storage_unavailable"
  /** A stored credential that cannot be parsed; it verifies as unknown, never as valid. */
  | "corrupt";

/**
 * A credential operation that cannot be done: a stable `code` and a message that names the subject
 * and what is allowed. Messages never contain a token.
 */
export class CredentialError extends PodkitError<CredentialErrorCode> {
  static override readonly isInstance = brandGuard<CredentialError>("podkit.credential-error");
}
