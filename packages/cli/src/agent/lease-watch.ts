import type { TicketClient, TicketDetailView } from "@podkit/orchestrator-automation";

/** Shortest time between two looks at the ticket: a fast model must not turn into a store poll. */
export const LEASE_CHECK_INTERVAL_MS = 1_000;

/**
 * Why the attempt a Pod was launched for is over, or undefined while it holds: the ticket left
 * `inprogress`, or its lease is not the one under `token` any more (taken over, or hidden from
 * this Pod, which sees the token only while it belongs to the live attempt).
 */
export function leaseLostReason(
  ticket: Pick<TicketDetailView, "id" | "state" | "lease">,
  token: number,
): string | undefined {
  if (ticket.state !== "inprogress")
    return `ticket ${ticket.id} is '${ticket.state}' now, no longer in progress`;
  if (ticket.lease === null) return `ticket ${ticket.id} has no lease any more`;
  // A reader the token is hidden from sees a lease without one.
  const current = ticket.lease.token;
  if (current !== token) {
    return current === undefined
      ? `ticket ${ticket.id}'s lease is no longer the attempt (token ${token}) this Pod was launched for`
      : `ticket ${ticket.id} is held under token ${current} now, not ${token}`;
  }
  return undefined;
}

/** Looks at the ticket between agent steps, at most once per interval. */
export interface LeaseWatch {
  /** The reason the lease is lost, or undefined (also when it is too soon to look again). */
  check(): Promise<string | undefined>;
}

/**
 * A watch over one ticket's lease for a Pod launched under `token`. A look that fails (the store
 * briefly unavailable) counts as holding: the orchestrator, which signals the Pod when it loses the
 * lease, stays the authority; this only catches what it cannot signal (it died).
 */
export function createLeaseWatch(options: {
  readonly client: TicketClient;
  readonly ticketId: string;
  readonly token: number;
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}): LeaseWatch {
  const interval = options.intervalMs ?? LEASE_CHECK_INTERVAL_MS;
  let lastLook = Number.NEGATIVE_INFINITY;
  return {
    async check() {
      if (performance.now() - lastLook < interval) return undefined;
      lastLook = performance.now();
      try {
        return leaseLostReason(await options.client.show(options.ticketId, 1), options.token);
      } catch (error) {
        options.onError?.(error);
        return undefined;
      }
    },
  };
}
