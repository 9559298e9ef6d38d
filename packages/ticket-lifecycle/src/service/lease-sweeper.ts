import { TicketError } from "../domain/ticket-error.js";
import type { EventActor } from "../domain/ticket-event.js";
import type { TicketService } from "./ticket-service.js";

/** What the sweeper did with one expired lease. */
export interface SweptLease {
  readonly ticketId: string;
  readonly outcome: "blocked" | "takeover";
  /** The expired token, and for a takeover the new one. */
  readonly expiredToken: number;
  readonly newToken?: number;
  readonly reason: string;
}

/**
 * Resolves every expired lease: `blocked` with a recorded reason by default, or a takeover
 * (a new acceptance with a new token for `actor`) when the policy says so. Never back to
 * `queued`. A lease renewed meanwhile is left alone (the decision is re-made under CAS).
 */
export async function sweepExpiredLeases(service: TicketService, actor: EventActor): Promise<SweptLease[]> {
  const now = await service.backend.now();
  const { tickets } = await service.backend.list({ states: ["inprogress"] });
  const swept: SweptLease[] = [];
  for (const ticket of tickets) {
    if (ticket.lease === null || Date.parse(ticket.lease.expiresAt) > now.getTime()) continue;
    const takeover = service.policy.onExpiredLease === "takeover";
    try {
      const outcome = await service.execute(actor, ticket.id, {
        type: "expire_lease",
        ...(takeover ? { takeover: { holder: actor.agentId, leaseMs: service.policy.leaseMs } } : {}),
      });
      swept.push({
        ticketId: ticket.id,
        outcome: takeover ? "takeover" : "blocked",
        expiredToken: ticket.lease.token,
        ...(takeover ? { newToken: outcome.event.token ?? outcome.event.seq } : {}),
        reason: outcome.event.reason ?? "",
      });
    } catch (error) {
      if (
        TicketError.isInstance(error) &&
        (error.code === "precondition_failed" || error.code === "conflict")
      )
        continue;
      throw error;
    }
  }
  return swept;
}
