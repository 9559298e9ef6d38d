import type { ToolContext } from "@podkit/core";
import type { Ticket } from "../domain/ticket.js";
import { ATTEMPT_BINDING } from "./attempt-binding.js";

/**
 * Who reads a ticket, as far as its lease token is concerned. The token is what every write
 * under the lease presents: it is shown to the lease's holder, to the human gate, and to a Pod
 * bound to that very attempt (which was launched with it); everyone else sees the holder and the
 * expiry only.
 */
export interface TicketViewer {
  readonly agentId: string;
  /** Holds the human gate, which oversees every lease. */
  readonly gate: boolean;
  /** The lease token of the attempt the viewer's toolset is bound to, as bound (a Pod's). */
  readonly attempt?: string;
}

/** The caller of a tool as a ticket viewer. */
export function viewerOf(context: ToolContext): TicketViewer {
  const attempt = context.bindings[ATTEMPT_BINDING];
  return {
    agentId: context.actor.agentId,
    gate: context.capabilities.has("gate"),
    ...(attempt === undefined ? {} : { attempt }),
  };
}

/**
 * Whether `viewer` may see the lease tokens in `ticket`'s view (its lease, its history, its
 * reviews): the gate always; otherwise the holder of the live lease, or a Pod bound to the live
 * attempt. Tokens of a ticket without a live lease are dead, but stay hidden: they would only
 * tell the next one.
 */
export function seesTokens(ticket: Ticket, viewer: TicketViewer): boolean {
  const lease = ticket.lease;
  if (viewer.gate) return true;
  if (lease === null) return false;
  return lease.holder === viewer.agentId || viewer.attempt === String(lease.token);
}
