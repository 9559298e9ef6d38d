import type { Decision, DecisionContext } from "./decide-ticket-command.js";
import { requireReviewAttempt, requireText } from "./guards.js";
import type { TicketCommand } from "./ticket-command.js";
import { TicketError } from "./ticket-error.js";
import { LIMITS } from "./ticket-state.js";

/**
 * A review, recorded while the ticket is in progress. A review bound to the attempt it was
 * launched for (token and Pod) is recorded under that token with its Pod, and only while that
 * attempt's lease is live: a verdict from another attempt — a stale reviewer after a takeover, a
 * lease that lapsed — is refused. An unbound review (the human gate, say) carries no token, so
 * the orchestrator never counts it as an attempt's verdict.
 */
export function decideReview(
  context: DecisionContext,
  command: Extract<TicketCommand, { type: "review" }>,
): Decision {
  const { ticket, now } = context;
  if (ticket.state !== "inprogress") {
    throw new TicketError(
      "conflict",
      `Cannot review ticket '${ticket.id}': it is '${ticket.state}'; reviews are recorded while it is 'inprogress'.`,
      { ticketId: ticket.id },
    );
  }
  const body = requireText(ticket.id, "body", command.body, LIMITS.commentChars);
  const attempt = command.attempt;
  if (attempt === undefined) {
    return {
      kind: "append",
      event: { kind: "review", body, data: { verdict: command.verdict } },
      requires: { kind: "state", state: "inprogress" },
    };
  }
  const lease = requireReviewAttempt(ticket, attempt, now);
  return {
    kind: "append",
    event: {
      kind: "review",
      body,
      token: attempt.token,
      data: { verdict: command.verdict, podId: attempt.podId },
    },
    requires: { kind: "live-lease", token: attempt.token, holder: lease.holder },
  };
}
