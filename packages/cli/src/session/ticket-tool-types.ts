import type { SchemaInput, SchemaOutput } from "@podkit/core";
import type { TICKET_TOOLS } from "@podkit/ticket-lifecycle";

type TicketTool = (typeof TICKET_TOOLS)[number];

/** The name of a ticket tool, e.g. `ticket_list`. */
export type TicketToolName = TicketTool["name"];

/** What a ticket tool accepts, as a caller writes it (defaults optional). */
export type TicketToolInput<Name extends TicketToolName> = SchemaInput<
  Extract<TicketTool, { name: Name }>["input"]
>;

/** What a ticket tool returns. */
export type TicketToolOutput<Name extends TicketToolName> = SchemaOutput<
  Extract<TicketTool, { name: Name }>["output"]
>;
