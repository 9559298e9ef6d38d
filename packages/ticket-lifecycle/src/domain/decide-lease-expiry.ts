import type { Decision, DecisionContext } from "./decide-ticket-command.js";
import { requireExpiredLease, requireLeaseMs } from "./guards.js";
import type { TicketCommand } from "./ticket-command.js";
import type { WriteRequirement } from "./write-requirement.js";

/** Resolves an expired lease: blocked with the reason, or taken over with a new token and lease. */
export function decideExpiry(
  context: DecisionContext,
  command: Extract<TicketCommand, { type: "expire_lease" }>,
): Decision {
  const { ticket, now } = context;
  const lease = requireExpiredLease(ticket, undefined, now);
  const requires: WriteRequirement = { kind: "expired-lease", token: lease.token };
  const lapse = `lease of '${lease.holder}' (token ${lease.token}) expired at ${lease.expiresAt} without renewal`;
  if (command.takeover !== undefined) {
    return {
      kind: "append",
      event: {
        kind: "acceptance",
        from: "inprogress",
        to: "inprogress",
        token: ticket.seq + 1,
        reason: `takeover: ${lapse}`,
        data: {
          holder: command.takeover.holder,
          requestId: `takeover-${ticket.seq + 1}`,
          expiresAt: leaseExpiry(now, command.takeover.leaseMs),
        },
      },
      requires,
    };
  }
  return {
    kind: "append",
    event: { kind: "failure", from: "inprogress", to: "blocked", token: lease.token, reason: lapse },
    requires,
  };
}

/** When a lease of `leaseMs` granted at `now` lapses; refuses a length out of bounds. */
export function leaseExpiry(now: Date, leaseMs: number): string {
  return new Date(now.getTime() + requireLeaseMs(leaseMs)).toISOString();
}
