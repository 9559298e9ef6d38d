import type { Podkit } from "@podkit/core";
import { type Ticket, TicketService } from "@podkit/ticket-lifecycle";

/**
 * Whether a ticket's history is damaged, judged by the ticket feature's own service (as
 * `ticket_show` and `ticket_list` judge it, with the configured roles); undefined when the
 * feature is not installed.
 */
export function ticketDamageAudit(podkit: Podkit): ((ticket: Ticket) => Promise<boolean>) | undefined {
  const installed = podkit.registry.tool("ticket_show");
  if (installed === undefined) return undefined;
  const service = installed.container.resolve(TicketService);
  return async (ticket) => (await service.damageAt(ticket.id, ticket.seq)).length > 0;
}
