import type { ToolContext } from "@podkit/core";
import type { EventActor } from "../domain/ticket-event.js";
import { TicketService } from "../service/ticket-service.js";

/** The ticket service registered in the feature's container. */
export function ticketService(context: ToolContext): TicketService {
  return context.container.resolve(TicketService);
}

/** The caller as recorded in history. */
export function eventActor(context: ToolContext): EventActor {
  return { role: context.actor.role, agentId: context.actor.agentId };
}
