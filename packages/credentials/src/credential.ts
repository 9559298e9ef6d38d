/** A stored credential as `list` and `get` show it: never the token, never its hash. */
export interface Credential {
  /** The public id (`podkit token revoke ID`); also the second part of the token. */
  readonly id: string;
  readonly role: string;
  readonly agentId: string;
  /** The one ticket the holder's toolset is bound to, when the credential is scoped. */
  readonly ticketId?: string;
  /** What it is for, for people reading `podkit token list`. */
  readonly label?: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601; absent means the credential does not expire. */
  readonly expiresAt?: string;
  /** ISO 8601, once revoked. */
  readonly revokedAt?: string;
}

/** Who a valid token speaks for: the identity a host builds the caller's toolset from. */
export interface VerifiedCredential {
  readonly id: string;
  readonly role: string;
  readonly agentId: string;
  readonly ticketId?: string;
  readonly expiresAt?: string;
}

/** Why a token was refused. Hosts answer every reason alike (401), so a caller learns nothing. */
export type RefusalReason = "malformed" | "unknown" | "expired" | "revoked";

/** The outcome of `verify`. */
export type VerifyResult =
  | { readonly ok: true; readonly credential: VerifiedCredential }
  | { readonly ok: false; readonly reason: RefusalReason };

/** What a new credential is for. */
export interface CreateCredentialOptions {
  readonly role: string;
  readonly agentId: string;
  readonly ticketId?: string | undefined;
  readonly label?: string | undefined;
  /** When it stops verifying; absent means never (revoke it instead). */
  readonly expiresAt?: Date | undefined;
}

/** A new credential and its token; the token is shown this once and never stored. */
export interface CreatedCredential {
  readonly token: string;
  readonly credential: Credential;
}

/** A change another process (or this one) made to the store that a host must act on at once. */
export interface CredentialChange {
  readonly id: string;
  readonly kind: "revoked";
}

/**
 * Where credentials live. Only a hash of each token is stored; `verify` compares in constant
 * time. Every method may throw `CredentialError` (`storage_unavailable`, `invalid_input`).
 */
export interface CredentialStore {
  /** `file`, `memory`, `postgres`, … for messages. */
  readonly kind: string;
  /** Creates a credential and returns its token, once. */
  create(options: CreateCredentialOptions): Promise<CreatedCredential>;
  /** Every credential, expired and revoked ones included, oldest first. */
  list(): Promise<readonly Credential[]>;
  /** One credential by id, or undefined. */
  get(id: string): Promise<Credential | undefined>;
  /** Revokes a credential (again is fine); `not_found` when there is none with that id. */
  revoke(id: string): Promise<Credential>;
  /** Whether `token` is a live credential's, and whose. */
  verify(token: string): Promise<VerifyResult>;
  /** Calls `listener` when any process revokes a credential, where the store can observe it. */
  watch?(listener: (change: CredentialChange) => void): () => void;
  /** Releases what the store holds open (watchers, connections); the store is not used afterwards. */
  close(): Promise<void>;
}

/** A credential's state at `now`: why it no longer verifies, or undefined when it is live. */
export function credentialRefusal(credential: Credential, now: Date): RefusalReason | undefined {
  if (credential.revokedAt !== undefined) return "revoked";
  if (credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= now.getTime())
    return "expired";
  return undefined;
}

/** The identity part of a credential, as `verify` returns it. */
export function verifiedOf(credential: Credential): VerifiedCredential {
  return {
    id: credential.id,
    role: credential.role,
    agentId: credential.agentId,
    ...(credential.ticketId === undefined ? {} : { ticketId: credential.ticketId }),
    ...(credential.expiresAt === undefined ? {} : { expiresAt: credential.expiresAt }),
  };
}

/** The record of a credential created at `now` under `id`, as every store keeps it. */
export function newCredential(id: string, options: CreateCredentialOptions, now: Date): Credential {
  return {
    id,
    role: options.role,
    agentId: options.agentId,
    ...(options.ticketId === undefined ? {} : { ticketId: options.ticketId }),
    ...(options.label === undefined ? {} : { label: options.label }),
    createdAt: now.toISOString(),
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt.toISOString() }),
  };
}
