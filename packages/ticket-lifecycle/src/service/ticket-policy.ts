/** Lease and bound settings of the ticket feature. */
export interface TicketPolicy {
  /** Lease length granted on accept and renew unless the call asks for another. */
  readonly leaseMs: number;
  /**
   * What the sweeper does with an expired lease: `block` (default) records why and waits for a
   * human; `takeover` re-accepts with a new token (and a lease of `leaseMs`) for the sweeping agent.
   */
  readonly onExpiredLease: "block" | "takeover";
  /** How many times a write retries after losing a compare-and-set race before reporting `conflict`. */
  readonly maxRetries: number;
  /**
   * Roles whose author tools may only change tickets in `planning` (the companion). Matched on
   * the caller's profile lineage, so a role that extends one of them is held too.
   */
  readonly planningOnlyAuthors: readonly string[];
}

/** The policy used where none is given: one-minute leases, expired leases block the ticket, 50 retries on a lost race, companions author only in planning. */
export const DEFAULT_TICKET_POLICY: TicketPolicy = {
  leaseMs: 60_000,
  onExpiredLease: "block",
  maxRetries: 50,
  planningOnlyAuthors: ["companion"],
};
