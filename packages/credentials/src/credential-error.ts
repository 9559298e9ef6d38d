import { PodkitError } from "@podkit/core";

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

const CREDENTIAL_ERROR = "podkit.credential-error";
const credentialErrorBrand = Symbol.for(CREDENTIAL_ERROR);

/**
 * A credential operation that cannot be done: a stable `code` and a message that names the subject
 * and what is allowed. Messages never contain a token.
 */
export class CredentialError extends PodkitError {
  protected readonly [credentialErrorBrand] = true;
  declare readonly code: CredentialErrorCode;

  constructor(code: CredentialErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** Whether `error` is a credential error, from any copy of `@podkit/credentials`. */
  static override isInstance(error: unknown): error is CredentialError {
    return PodkitError.hasBrand(error, CREDENTIAL_ERROR);
  }
}
