import type { ToolContext } from "@podkit/core";
import type { Ticket } from "../domain/ticket.js";

/**
 * Who reads a ticket, as far as its lease token is concerned. The token is what every write
 * under the lease presents: it is shown to the lease's holder and to the human gate; everyone
 * else sees the holder and the expiry only.
 */
export interface TicketViewer {
  readonly agentId: string;
  /** Holds the human gate, which oversees every lease. */
  readonly gate: boolean;
}

/** The caller of a tool as a ticket viewer. */
export function viewerOf(context: ToolContext): TicketViewer {
  return { agentId: context.actor.agentId, gate: context.capabilities.has("gate") };
}

/**
 * Whether `viewer` may see the lease tokens in `ticket`'s view (its lease, its history, its
 * reviews): the gate always; otherwise only the holder of the live lease. Tokens of a ticket
 * without a live lease are dead, but stay hidden: they would only tell the next one.
 */
export function seesTokens(ticket: Ticket, viewer: TicketViewer): boolean {
  return viewer.gate || (ticket.lease !== null && ticket.lease.holder === viewer.agentId);
}
