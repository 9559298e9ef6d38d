import { decideExpiry, leaseExpiry } from "./decide-lease-expiry.js";
import { decideReview } from "./decide-review.js";
import {
  requireBody,
  requireDependenciesResolved,
  requireDetails,
  requireLease,
  requireNotClosed,
  requireText,
  requireTransition,
} from "./guards.js";
import { requireStorableText } from "./storable-text.js";
import type { Ticket } from "./ticket.js";
import type { TicketCommand } from "./ticket-command.js";
import { TicketError } from "./ticket-error.js";
import type { EventActor, NewTicketEvent, TicketEvent } from "./ticket-event.js";
import { LIMITS, type TicketState } from "./ticket-state.js";
import { NO_REQUIREMENT, type WriteRequirement } from "./write-requirement.js";

/** What a command needs besides the ticket: time, the caller and the states of related tickets. */
export interface DecisionContext {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
  readonly now: Date;
  readonly actor: EventActor;
  /** Whether the caller holds the human gate capability (may close from any open state). */
  readonly gate: boolean;
  /** Current states of the tickets this one depends on or relates to; undefined = missing. */
  readonly related: ReadonlyMap<string, TicketState | undefined>;
}

/**
 * A command's outcome: one event to append with what the write requires of the ticket when it is
 * stored (the backend enforces it with the seq), or nothing to do (an idempotent repeat).
 */
export type Decision =
  | { readonly kind: "append"; readonly event: NewTicketEvent; readonly requires: WriteRequirement }
  | { readonly kind: "unchanged"; readonly event: TicketEvent };

/**
 * The workflow as a pure function from (ticket, command) to one event and its write requirement,
 * or a `TicketError` whose message says the current state and what is allowed.
 */
export function decideTicketCommand(context: DecisionContext, command: TicketCommand): Decision {
  const { ticket, now } = context;
  // One rule for every backend, checked before anything else: text each of them can store.
  const { type: _type, ...fields } = command;
  requireStorableText(ticket.id, "", fields);
  const append = (event: NewTicketEvent, requires: WriteRequirement = NO_REQUIREMENT): Decision => ({
    kind: "append",
    event,
    requires,
  });
  /** The state the ticket must still be in when a transition is stored. */
  const inState: WriteRequirement = { kind: "state", state: ticket.state };
  /**
   * Checks that the caller holds the live lease `token` — the holder's agent id as well as the
   * token, which anyone who can read the ticket could guess — and returns what the write requires.
   */
  const underLease = (token: number): WriteRequirement => {
    const holder = context.actor.agentId;
    requireLease(ticket, { token, holder }, now);
    return { kind: "live-lease", token, holder };
  };
  switch (command.type) {
    case "edit": {
      requireNotClosed(ticket, "edit");
      const fields = ["title", "body", "priority", "assignee"] as const;
      if (fields.every((field) => command[field] === undefined)) {
        throw new TicketError(
          "invalid_input",
          `Nothing to edit on ticket '${ticket.id}': give at least one of ${fields.join(", ")}.`,
        );
      }
      const title =
        command.title === undefined
          ? undefined
          : requireText(ticket.id, "title", command.title, LIMITS.titleChars);
      const body = command.body === undefined ? undefined : requireBody(ticket.id, command.body);
      return append({
        kind: "edit",
        ...(body === undefined ? {} : { body }),
        data: {
          ...(title === undefined ? {} : { title }),
          ...(command.priority === undefined ? {} : { priority: command.priority }),
          ...(command.assignee === undefined ? {} : { assignee: command.assignee }),
        },
      });
    }
    case "comment":
      return append({
        kind: command.kind,
        body: requireText(ticket.id, "body", command.body, LIMITS.commentChars),
      });
    case "relate": {
      requireNotClosed(ticket, "relate");
      if (command.target === ticket.id) {
        throw new TicketError("invalid_input", `Ticket '${ticket.id}' cannot relate to itself.`, {
          ticketId: ticket.id,
        });
      }
      if (!command.remove && context.related.get(command.target) === undefined) {
        throw new TicketError(
          "not_found",
          `Cannot relate ticket '${ticket.id}' to '${command.target}': no such ticket.`,
          { ticketId: ticket.id },
        );
      }
      return append({
        kind: "relation",
        data: {
          relation: {
            type: command.relation,
            target: command.target,
            ...(command.remove ? { removed: true } : {}),
          },
        },
      });
    }
    case "review":
      return decideReview(context, command);
    case "mark_ready": {
      const to = requireTransition(ticket, "mark_ready");
      return append(
        {
          kind: "intake_summary",
          from: ticket.state,
          to,
          body: requireText(ticket.id, "summary", command.summary, LIMITS.summaryChars),
        },
        inState,
      );
    }
    case "queue": {
      const to = requireTransition(ticket, "queue");
      if (ticket.state === "blocked") {
        const reason = requireText(ticket.id, "reason", command.reason, LIMITS.reasonChars);
        requireDependenciesResolved(ticket, context.related, "queue");
        return append({ kind: "state_changed", from: ticket.state, to, reason }, inState);
      }
      requireDependenciesResolved(ticket, context.related, "queue");
      const reason = command.reason?.trim();
      return append(
        { kind: "state_changed", from: ticket.state, to, ...(reason ? { reason } : {}) },
        inState,
      );
    }
    case "return_to_planning": {
      const to = requireTransition(ticket, "return_to_planning");
      return append(
        {
          kind: "state_changed",
          from: ticket.state,
          to,
          reason: requireText(ticket.id, "reason", command.reason, LIMITS.reasonChars),
        },
        inState,
      );
    }
    case "accept": {
      // A retry is the same holder's request id, and only while the lease it established is live;
      // another holder reusing the id must not be told it accepted, nor a holder whose lease is gone.
      const previous = context.events.find(
        (event) =>
          event.kind === "acceptance" &&
          event.data?.requestId === command.requestId &&
          event.data?.holder === command.holder,
      );
      if (previous !== undefined) {
        requireLease(ticket, { token: previous.token ?? previous.seq, holder: command.holder }, now);
        return { kind: "unchanged", event: previous };
      }
      const to = requireTransition(ticket, "accept");
      requireDependenciesResolved(ticket, context.related, "accept");
      return append(
        {
          kind: "acceptance",
          from: ticket.state,
          to,
          token: ticket.seq + 1,
          data: {
            holder: command.holder,
            requestId: command.requestId,
            expiresAt: leaseExpiry(now, command.leaseMs),
          },
        },
        inState,
      );
    }
    case "renew_lease": {
      const requires = underLease(command.token);
      return append(
        {
          kind: "lease_renewed",
          token: command.token,
          data: { holder: context.actor.agentId, expiresAt: leaseExpiry(now, command.leaseMs) },
        },
        requires,
      );
    }
    case "report": {
      const requires = underLease(command.token);
      return append(
        {
          kind: command.kind,
          token: command.token,
          body: requireText(ticket.id, "body", command.body, LIMITS.commentChars),
          ...(command.details === undefined
            ? {}
            : { data: { details: requireDetails(ticket.id, command.details) } }),
        },
        requires,
      );
    }
    case "block":
    case "defer": {
      const requires = underLease(command.token);
      const to = requireTransition(ticket, command.type);
      return append(
        {
          kind: "state_changed",
          from: ticket.state,
          to,
          token: command.token,
          reason: requireText(ticket.id, "reason", command.reason, LIMITS.reasonChars),
        },
        requires,
      );
    }
    case "complete": {
      const requires = underLease(command.token);
      const to = requireTransition(ticket, "complete");
      const summary = command.summary?.trim();
      return append(
        {
          kind: "state_changed",
          from: ticket.state,
          to,
          token: command.token,
          ...(summary ? { body: summary } : {}),
        },
        requires,
      );
    }
    case "close": {
      const to = requireTransition(ticket, "close");
      if (!context.gate && ticket.state !== "done") {
        throw new TicketError(
          "precondition_failed",
          `Cannot close ticket '${ticket.id}' from '${ticket.state}': without the human gate, a ticket can only be closed once it is 'done'.`,
          { ticketId: ticket.id },
        );
      }
      const resolution = requireText(ticket.id, "resolution", command.resolution, LIMITS.reasonChars);
      return append(
        { kind: "close", from: ticket.state, to, reason: resolution, data: { resolution } },
        inState,
      );
    }
    case "expire_lease":
      return decideExpiry(context, command);
  }
}
