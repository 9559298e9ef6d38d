import type { TicketToolOutput } from "@podkit/ticket-lifecycle";

/**
 * A ticket with its history, as the ticket page shows it: `ticket_show`'s output, typed from the
 * ticket feature's own tool contract, so a renamed field fails to compile here.
 */
export type TicketPage = TicketToolOutput<"ticket_show">;

/** The history `ticket_show` returns at most. */
export const TIMELINE_LIMIT = 500;
