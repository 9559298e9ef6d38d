import { TicketError } from "../domain/ticket-error.js";

/** A lock name: letters, digits, '.', '_' or '-', starting with a letter or digit (it names a file). */
export const LOCK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The longest a lock may be taken for in one call: a holder that needs longer re-acquires it. */
export const MAX_LOCK_TTL_MS = 60 * 60 * 1000;

/** A named lock in the ticket store: one holder until it releases it or the lock expires. */
export interface StoreLock {
  readonly name: string;
  readonly holder: string;
  /** On the backend's clock; past it, anyone may take the lock over. */
  readonly expiresAt: string;
}

/** What `acquireLock` asks for: the lock, who takes it and for how long. */
export interface AcquireLockOptions {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
}

/** What `releaseLock` asks for: the lock and who (it must be the holder) gives it up. */
export interface ReleaseLockOptions {
  readonly name: string;
  readonly holder: string;
}

/** The outcome of `acquireLock`: the lock now held, or who holds it (live) instead. */
export type LockAcquisition =
  | { readonly acquired: true; readonly lock: StoreLock }
  | { readonly acquired: false; readonly heldBy: StoreLock };

/** Refuses a lock name, holder or length no backend can honour, with `invalid_input`. */
export function checkLockOptions(options: { name: string; holder: string; ttlMs?: number }): void {
  if (!LOCK_NAME_PATTERN.test(options.name)) {
    throw new TicketError(
      "invalid_input",
      `'${options.name.slice(0, 80)}' is not a valid lock name. Names are 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. 'merge-queue').`,
    );
  }
  if (options.holder.length === 0 || options.holder.length > 256) {
    throw new TicketError("invalid_input", "A lock holder is 1-256 characters (an agent id).");
  }
  const { ttlMs } = options;
  if (ttlMs !== undefined && (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_LOCK_TTL_MS)) {
    throw new TicketError(
      "invalid_input",
      `A lock's ttlMs must be a whole number from 1 to ${MAX_LOCK_TTL_MS}, not ${String(ttlMs)}.`,
    );
  }
}

/**
 * Whether `options.holder` gets the lock at `now`: yes when it is free, expired or already its own
 * (a re-acquisition extends it), with the lock it would hold; no while another holder's is live.
 */
export function decideLock(
  current: StoreLock | undefined,
  options: AcquireLockOptions,
  now: Date,
): LockAcquisition {
  if (
    current !== undefined &&
    current.holder !== options.holder &&
    Date.parse(current.expiresAt) > now.getTime()
  )
    return { acquired: false, heldBy: current };
  const expiresAt = new Date(now.getTime() + options.ttlMs).toISOString();
  return { acquired: true, lock: { name: options.name, holder: options.holder, expiresAt } };
}
